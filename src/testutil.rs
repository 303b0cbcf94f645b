//! The shared dataset builder of the unit tests: events pushed row by row, names interned,
//! `""` meaning "none" for a session, product or order. Each module's tests keep their own row
//! tuple (what reads best there) and build through this.

use crate::model::{Dataset, EventKind, NONE};

/// Builds a [`Dataset`] event by event (in the order given), then finishes it.
#[derive(Default)]
pub(crate) struct DatasetBuilder {
    ds: Dataset,
}

impl DatasetBuilder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Local time offset of the dataset (minutes east of UTC).
    pub(crate) fn tz_offset_minutes(mut self, minutes: i32) -> Self {
        self.ds.tz_offset_minutes = minutes;
        self
    }

    /// One event at `ts_ms` (UTC milliseconds); `""` = no session / product / order.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn event(
        &mut self,
        user: &str,
        kind: EventKind,
        ts_ms: i64,
        session: &str,
        item: &str,
        order: &str,
        amount: f64,
    ) -> &mut Self {
        let d = &mut self.ds;
        let user = d.users.intern(user);
        let session = if session.is_empty() {
            NONE
        } else {
            d.sessions.intern(session)
        };
        let item = if item.is_empty() {
            NONE
        } else {
            d.items.intern(item)
        };
        let order = if order.is_empty() {
            NONE
        } else {
            d.orders.intern(order)
        };
        let name = d.event_names.intern(kind.key());
        d.events
            .push(user, ts_ms, kind, name, session, item, order, amount);
        self
    }

    /// The finished dataset ([`Dataset::finish`]).
    pub(crate) fn build(self) -> Dataset {
        let mut ds = self.ds;
        ds.finish();
        ds
    }
}

/// The small demo of `seed`, parsed in its creator's time zone (as `livelens demo` writes it).
pub(crate) fn small_demo(seed: u64) -> crate::ingest::Loaded {
    use crate::demo::{self, DemoParams, Scale};
    use crate::ingest::{self, IngestOptions};
    let Ok((files, truth)) = demo::generate(&DemoParams {
        seed,
        scale: Scale::Small,
    }) else {
        panic!("the small demo of seed {seed} could not be generated");
    };
    ingest::load(
        &files.into_inputs(),
        &IngestOptions {
            tz_offset_minutes: truth.tz_offset_minutes,
            ..IngestOptions::default()
        },
    )
}
