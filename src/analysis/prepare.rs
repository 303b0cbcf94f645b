//! The `prepare` stage: the tables several analyses share, built at most once per dataset.
//!
//! Every analysis entry point (`kpi::kpis`, `cluster::cluster`, `predict::predict`,
//! `recommend::recommend`, …) takes a [`Prepared`] instead of the bare [`Dataset`]. Each table is
//! built lazily on first use ([`OnceLock`]: the sections computed on several threads
//! share one `Prepared`, and a table asked for by two at once is built once), so a caller that only wants the KPIs
//! ([`super::analyze_kpis`]) pays only for what the KPIs read, and a full [`super::analyze`] run
//! builds each table once:
//!
//! | table | built by | read by |
//! |---|---|---|
//! | [`Prepared::visits`] | [`visits::visits`], or with the KPI base | KPIs (watch time, concurrency), person table |
//! | [`Prepared::kpi_base`] | [`KpiBase::with_visits`] (one pass, the visits too), or [`KpiBase::new`] | KPIs overall, per session, per host; the session list |
//! | [`Prepared::persons`] | [`features::person_table`] (all events, with visits) | RFM (no `as_of`), clustering, prediction (scoring) |
//! | [`Prepared::item_features`] | [`ItemFeatures::from_dataset`] | recommendation evaluation and recommendations |
//! | [`Prepared::purchases`] | each person's bought products in time order | both evaluation splits |
//! | [`Prepared::interactions`] | [`InteractionMatrix::from_dataset`] (all events) | recommendations |

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::features::{self, PersonTable};
use crate::kpi::KpiBase;
use crate::model::Dataset;
use crate::recommend::{InteractionMatrix, InteractionWeights, ItemFeatures};
use crate::visits::{self, Visit};

/// A dataset with its shared tables (see the module documentation).
pub struct Prepared<'a> {
    ds: &'a Dataset,
    /// Another `Prepared` of the same dataset whose visits and KPI base these are
    /// ([`Prepared::sharing`]): built once, held once.
    same: Option<&'a Prepared<'a>>,
    visits: OnceLock<Vec<Visit>>,
    kpi_base: OnceLock<KpiBase>,
    persons: OnceLock<PersonTable>,
    item_features: OnceLock<ItemFeatures>,
    purchases: OnceLock<Vec<Vec<(u32, i64)>>>,
    interactions: OnceLock<(InteractionWeights, InteractionMatrix)>,
    /// Threads an analysis may use for its own work ([`Prepared::threads`]).
    threads: usize,
}

impl<'a> Prepared<'a> {
    /// Wraps a dataset; nothing is computed until an analysis asks for it.
    pub fn new(ds: &'a Dataset) -> Self {
        Prepared {
            ds,
            same: None,
            visits: OnceLock::new(),
            kpi_base: OnceLock::new(),
            persons: OnceLock::new(),
            item_features: OnceLock::new(),
            purchases: OnceLock::new(),
            interactions: OnceLock::new(),
            threads: 1,
        }
    }

    /// The same, with analyses allowed `threads` threads for their per-person work (natively;
    /// their results do not depend on it). [`Prepared::new`] allows 1.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// A second `Prepared` of `other`'s dataset that takes its visits and KPI base from
    /// `other` (the same tables: built once, held once) and builds its other tables itself,
    /// so that they can be dropped with it.
    pub fn sharing(other: &'a Prepared<'a>) -> Self {
        Prepared {
            same: Some(other),
            ..Prepared::new(other.ds).with_threads(other.threads)
        }
    }

    /// Threads an analysis may use (see [`super::par`]).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The dataset itself.
    pub fn ds(&self) -> &'a Dataset {
        self.ds
    }

    /// Every visit (enter … leave) of the dataset, sorted by (session, user, start).
    pub fn visits(&self) -> &[Visit] {
        if let Some(same) = self.same {
            return same.visits();
        }
        self.visits.get_or_init(|| visits::visits(self.ds))
    }

    /// Per-session facts the KPI tables aggregate.
    pub fn kpi_base(&self) -> &KpiBase {
        if let Some(same) = self.same {
            return same.kpi_base();
        }
        self.kpi_base.get_or_init(|| {
            if self.visits.get().is_some() {
                return KpiBase::new(self.ds, self.visits(), self.threads);
            }
            // Both from one pass over the events.
            let (visits, base) = KpiBase::with_visits(self.ds, self.threads);
            base(self.visits.get_or_init(|| visits))
        })
    }

    /// The KPI base if an analysis built it already (its per-session figures spare a pass
    /// over the events), else `None`.
    pub fn kpi_base_if_built(&self) -> Option<&KpiBase> {
        if let Some(same) = self.same {
            return same.kpi_base_if_built();
        }
        self.kpi_base.get()
    }

    /// The per-person feature table over all events, with watch time from [`Self::visits`].
    pub fn persons(&self) -> &PersonTable {
        self.persons
            .get_or_init(|| features::person_table(self.ds, None, self.visits()))
    }

    /// The catalogue's content features (TF-IDF, categories, titles, prices).
    pub fn item_features(&self) -> &ItemFeatures {
        self.item_features
            .get_or_init(|| ItemFeatures::from_dataset(self.ds))
    }

    /// Each person's distinct bought products with the time of their first `pay`, in time
    /// order (indexed by user id).
    pub fn purchases(&self) -> &[Vec<(u32, i64)>] {
        self.purchases
            .get_or_init(|| crate::recommend::eval::purchases_by_user(self.ds))
    }

    /// The person × product interaction matrix over all events. The matrix of the first
    /// weights asked for is kept; other weights get a matrix of their own.
    pub fn interactions(&self, weights: &InteractionWeights) -> Cow<'_, InteractionMatrix> {
        let (w, m) = self.interactions.get_or_init(|| {
            (
                *weights,
                InteractionMatrix::from_dataset(self.ds, weights, |_| true),
            )
        });
        if w == weights {
            Cow::Borrowed(m)
        } else {
            Cow::Owned(InteractionMatrix::from_dataset(self.ds, weights, |_| true))
        }
    }
}
