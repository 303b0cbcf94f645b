//! User-based k-nearest-neighbours (cosine between persons' IDF-weighted strength rows).
//!
//! Each product's strengths are weighted by its inverse user frequency
//! `idf_i = ln((n + 1) / (n_i + 1)) + 1` (`n` persons, `n_i` of them with product `i`; the
//! smoothed IDF of scikit-learn's `TfidfTransformer`): sharing a product that nearly everyone
//! touches says less about two persons' tastes than sharing a rarer one (Breese, Heckerman &
//! Kadie 1998, "inverse user frequency"). `sim(u, v)` is the cosine of the weighted rows.
//!
//! For person `u`, the score of product `i` is `Σ_{v in N(u)} sim(u, v) · vote_vi` over the `k`
//! other persons `N(u)` with the highest similarity (ties by lower id), where a neighbour's vote
//! is their strength for `i` plus [`UserKnn::purchase_vote`] when they bought it: what is
//! predicted is a purchase, so a neighbour's purchase counts for more than the same strength
//! of browsing. Both choices were measured against the plain cosine / strength-vote variant on
//! the rolling next-session split of twelve small demo seeds (`docs/decisions.md`, "user-kNN
//! with inverse user frequency"): pooled P@10 0.1013 → 0.1030.
//!
//! The summed votes for product `i` are then divided by `(n_i + 1)^γ` ([`UserKnn::popularity_damping`]
//! `γ`, [`POPULARITY_DAMPING`] = ½ by default; `n_i` the persons with any event on `i`): a
//! product that nearly every neighbour has touched collects votes from most neighbourhoods
//! whatever the person's taste, so its raw sum overstates how specific it is to this person's
//! neighbours (the popularity penalty of RP3β, Paudel et al. 2016, applied to user-kNN's
//! scores). Measured on the rolling next-session split of the same twelve seeds, 20 sessions
//! each: pooled P@10 0.1002 → 0.1011 (`docs/decisions.md`, "user-kNN damps popular products").
//!
//! Neighbours are exact: for person `u`, every person sharing at least one product is reached
//! through the product columns (an inverted index), `u`'s IDF-weighted strengths are multiplied
//! into theirs and summed per person (a sparse dot product over the shared products), and the
//! `k` best cosines are taken by partial selection (`select_nth_unstable`, ties by lower id).
//! Products held by at least one person in [`DENSE_FILL`] (8) are kept as dense columns too and
//! multiplied in with one contiguous pass over all persons (it vectorises; a scattered write per
//! entry was 4 ns, about 2.5 s of CPU for the 12.8 k persons of the medium demo). The work per
//! person is at most 8 times the number of (person, product) entries on `u`'s products; the
//! memory one `f32` per person in the reusable [`Scratch`] plus the dense columns (at most 8
//! times their entries). Over all persons the work is quadratic in the persons when a few
//! products are shared by most of them (medium demo: ≈ 1.6 s of CPU for one search per person;
//! `docs/benchmarks.md`, "Cost of the exact search"). The work is therefore bounded: `fit`
//! counts it (the multiply-adds of one search per person) and, when it exceeds
//! [`WORK_BUDGET`], compares each person only with a fixed share of the persons — every
//! `stride`-th in the input's order, `stride` = ⌈work / budget⌉ — so a pass over all persons
//! costs at most about the budget whatever the data (the neighbours are then the exact nearest
//! among those candidates, and `k` grows with the candidates, not all persons). The demos stay
//! under the budget and exact. An earlier bounded search (each product
//! kept only its 4k persons with the highest normalised strength as candidates) missed true
//! neighbours on the medium demo (12.8 k persons) and cost about a tenth of the hits there.
//!
//! When every product of `u` has a dense column (all of them on the demos), the search is one
//! pass over the candidates in blocks of 16 that multiplies in all of `u`'s columns with the
//! sums in registers and ends with the cosine: the same float sums in the same order as one pass
//! per column (a column adds exactly 0 for a person without the product). Only candidates at
//! or above a threshold read off every `n / 512`-th cosine (a rank giving about `k` plus a
//! narrow margin; when fewer than `k` reach it, a rank with a wide one, then every candidate:
//! `search::Margin`) become selection keys, and the keys are
//! ordered by a byte radix sort; scoring adds each neighbour's dense row of votes. The
//! neighbours, their order and every score are those of the general path bit for bit (tested);
//! on the medium report this took user-kNN from ≈ 4 s to ≈ 1.6 s of CPU natively
//! (`docs/benchmarks.md`, "The report after parsing"). Persons without a positive norm (no
//! product event) are left out of the candidate slots ([`UserKnn::slots`]): they can never be
//! a neighbour, so nothing changes but the length of the pass. Candidates with identical rows
//! (the same products and strengths) are grouped ([`RowGroups`]): the pass computes one cosine
//! per group and every member but the query person gets a key with it (on the medium demo
//! about 7,300 groups for 9,583 candidates; `docs/benchmarks.md`, "Third pass on the report").
//!
//! `k` grows with the data: [`UserKnn::k`] is a minimum, and with `n` persons the model uses
//! `k_n = max(k, n / PERSONS_PER_NEIGHBOUR)` neighbours ([`PERSONS_PER_NEIGHBOUR`] = 16, set by
//! `fit`, [`UserKnn::neighbours_used`]). With a few dozen products, persons' histories overlap
//! heavily once there are thousands of them, and a fixed 50 neighbours out of 12.8 k is a thin,
//! noisy sample of the persons with this taste; a fixed share keeps the neighbourhood
//! comparable across data sizes. On the small demo (≈ 640 persons) the rule gives the 50 that
//! was best there; on the medium demo 800 (`docs/decisions.md`, "exact user-kNN neighbours").

mod cache;
mod groups;
mod mask;
mod search;
mod wide;

use super::{InteractionMatrix, ItemFeatures, Recommender, Scratch};
pub use cache::GroupCache;
use groups::fill_group_keys;
pub use groups::RowGroups;
use search::{add_votes, cosines, nearest_keys, threshold, top_descending, Margin};

/// Default exponent of [`UserKnn::popularity_damping`].
pub const POPULARITY_DAMPING: f32 = 0.5;

/// With `n` persons, user-kNN uses at least `n / PERSONS_PER_NEIGHBOUR` neighbours (see the
/// module documentation).
pub const PERSONS_PER_NEIGHBOUR: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct UserKnn {
    /// Minimum number of neighbours; the model uses `max(k, n / persons_per_neighbour)` with
    /// `n` persons ([`UserKnn::neighbours_used`]).
    pub k: usize,
    /// One neighbour more per this many persons [[`PERSONS_PER_NEIGHBOUR`] in
    /// [`UserKnn::new`]]; 0 = always `k` neighbours.
    pub persons_per_neighbour: usize,
    /// Added to a neighbour's vote for a product they bought [the `pay` signal weight, 8 by
    /// default]; 0 = votes are strengths only.
    pub purchase_vote: f32,
    /// Exponent `γ` of the popularity damping: a product's summed votes are divided by
    /// `(n_i + 1)^γ`, `n_i` = persons with any event on it [[`POPULARITY_DAMPING`] in
    /// [`UserKnn::new`]]; 0 = no damping.
    pub popularity_damping: f32,
    /// Neighbours per person, set by `fit` from `k` and the number of persons.
    pub k_used: usize,
    /// `(n_i + 1)^-γ` of each product, set by `fit`.
    pub damping: Vec<f32>,
    /// Inverse user frequency of each product (see the module documentation).
    pub idf: Vec<f32>,
    /// Norms of the IDF-weighted rows.
    pub norms: Vec<f32>,
    /// Products touched by at least one person in [`DENSE_FILL`] are also stored as dense
    /// columns of strengths (0 = no event) in `dense`, one entry per group of identical rows
    /// ([`UserKnn::groups`]): `dense_slot[i]` is their index there, `u32::MAX` for the others. A dense column is multiplied in over all persons in one
    /// contiguous pass, which vectorises and avoids a scattered write per entry; its memory is
    /// at most `DENSE_FILL` times its entries'.
    pub dense_slot: Vec<u32>,
    pub dense: Vec<f32>,
    /// The same columns as bytes when every strength stored in them is a whole number from 0
    /// to 255 (`dense` is then empty): the same values, a quarter of the memory to read in
    /// each search ([`search::Strength`]).
    pub dense_bytes: Vec<u8>,
    /// Multiply-adds allowed for one search per person [[`WORK_BUDGET`] in [`UserKnn::new`];
    /// 0 = [`WORK_BUDGET`]].
    pub work_budget: u64,
    /// Multiply-adds of one exact search per person, counted by `fit`.
    pub work: u64,
    /// Candidates are the persons whose index is a multiple of `stride` (1 = every person;
    /// more when `work` exceeds [`WORK_BUDGET`]). Dense columns are indexed by candidate slot
    /// (`person / stride`).
    pub stride: usize,
    /// With `stride > 1`: each product's candidate persons and strengths (CSR by product).
    pub cand_ptr: Vec<usize>,
    pub cand_users: Vec<u32>,
    pub cand_strength: Vec<f32>,
    /// The candidate slots' persons when some persons are left out of the candidates for
    /// having no positive norm (no product event: they cannot be anyone's neighbour, the
    /// general path never takes a cosine that is not positive); `person_slot[v]` is person
    /// `v`'s slot, `u32::MAX` for a person who is no candidate. Both empty when no person is
    /// left out: slot `j` is then person `j * stride`.
    pub slots: Vec<u32>,
    pub person_slot: Vec<u32>,
    /// The candidate slots grouped by identical rows, and each group's norm: the dense
    /// columns and the one-pass search run over the groups (module documentation).
    pub groups: RowGroups,
    pub group_norms: Vec<f32>,
    /// Each person's votes as a dense row over the products (0 = no event), `n_items` per
    /// person and [`VOTE_ROWS_PAD`] zeros at the end, when that takes at most [`DENSE_FILL`] times the entries' memory; empty
    /// otherwise. Scoring adds a neighbour's whole row at once (it vectorises).
    pub vote_rows: Vec<f32>,
    /// The same rows as bytes when every vote is a whole number from 0 to 255 (`vote_rows` is
    /// then empty): the same values, a quarter of the memory read per neighbour.
    pub vote_bytes: Vec<u8>,
    /// A number of this fit's own: the searches kept for groups of identical rows
    /// ([`GroupCache`]) belong to it.
    pub model_id: u64,
}

/// Zeros after the last of [`UserKnn::vote_rows`]: scoring reads a fixed number of lanes (up to
/// 48) from each row's start (`search::add_votes`).
pub const VOTE_ROWS_PAD: usize = 48;

/// A product is stored as a dense column when at least one person in this many has it.
pub const DENSE_FILL: usize = 8;

/// Multiply-adds allowed for one neighbour search per person (about 2–4 s of CPU natively);
/// above it each person is compared with every `stride`-th person only (module documentation).
pub const WORK_BUDGET: u64 = 4_000_000_000;

impl UserKnn {
    /// At least `k` neighbours; a neighbour's purchase adds `purchase_vote` to their vote;
    /// popularity damping [`POPULARITY_DAMPING`].
    pub fn new(k: usize, purchase_vote: f32) -> Self {
        Self {
            k,
            purchase_vote,
            persons_per_neighbour: PERSONS_PER_NEIGHBOUR,
            popularity_damping: POPULARITY_DAMPING,
            work_budget: WORK_BUDGET,
            ..Default::default()
        }
    }

    /// The same with another popularity-damping exponent (0 = none; non-finite or negative
    /// values are taken as 0).
    pub fn with_popularity_damping(mut self, gamma: f32) -> Self {
        self.popularity_damping = if gamma.is_finite() && gamma > 0.0 {
            gamma
        } else {
            0.0
        };
        self
    }

    /// Neighbours per person with `n_persons` persons: `max(k, n_persons /
    /// persons_per_neighbour)` (`k` when `persons_per_neighbour` is 0).
    pub fn neighbours_used(&self, n_persons: usize) -> usize {
        match self.persons_per_neighbour {
            0 => self.k,
            d => self.k.max(n_persons / d),
        }
    }

    /// A neighbour's vote: their strength, plus [`UserKnn::purchase_vote`] when they bought.
    fn vote(&self, strength: f32, bought: bool) -> f32 {
        if bought {
            strength + self.purchase_vote
        } else {
            strength
        }
    }

    fn idf_of(&self, item: u32) -> f32 {
        self.idf.get(item as usize).copied().unwrap_or(1.0)
    }

    /// The nearest persons of `user` (at most [`UserKnn::k_used`]) with their cosine
    /// similarities, most similar first, ties by lower id. Exact: every person sharing a
    /// product with `user` is compared.
    pub fn neighbours(&self, m: &InteractionMatrix, user: u32, s: &mut Scratch) -> Vec<(u32, f32)> {
        self.search(m, user, s);
        s.keys
            .iter()
            .map(|&key| (!(key as u32), f32::from_bits((key >> 32) as u32)))
            .collect()
    }

    /// [`UserKnn::neighbours`] as selection keys (`similarity bits << 32 | !id`), largest
    /// first, left in `s.keys` (scoring reads them there, without a list of its own).
    fn search(&self, m: &InteractionMatrix, user: u32, s: &mut Scratch) {
        let n = self.candidates(m.n_users);
        if s.users.len() != n {
            s.users = vec![0.0; n];
        }
        s.touched.clear();
        let nu = self.norms.get(user as usize).copied().unwrap_or(0.0);
        let k = self.k_used;
        if nu <= 0.0 || k == 0 {
            s.keys.clear();
            return;
        }
        // Each path below sets `s.keys` whole (the ordering keeps the last search's list as
        // room, not zeroed again).
        let (items, rs, _) = m.row(user);
        if items.iter().all(|&i| self.dense_col(i).is_some()) {
            return self.dense_neighbours(items, rs, user, nu, s);
        }
        // Dot products with every person, summed in `user`'s product order (so a dense and a
        // sparse column give the same float sums).
        let mut dense = false;
        for (&i, &r) in items.iter().zip(rs) {
            let w = self.idf_of(i);
            let a = r * w * w;
            match self.dense_col(i) {
                Some(col) => {
                    dense = true;
                    let groups = &self.groups.slot_group;
                    for (acc, &g) in s.users.iter_mut().zip(groups) {
                        *acc += a * col.get(g as usize);
                    }
                }
                None => {
                    let (vs, rv) = self.cand_col(m, i);
                    for (&v, &x) in vs.iter().zip(rv) {
                        let Some(j) = self.slot_of(v) else {
                            continue;
                        };
                        let Some(acc) = s.users.get_mut(j) else {
                            continue;
                        };
                        if *acc == 0.0 {
                            s.touched.push(j as u32);
                        }
                        *acc += a * x;
                    }
                }
            }
        }
        // Candidates as keys `similarity bits << 32 | !id`: a positive f32's bits order like
        // its value, so the largest keys are the most similar persons, ties by lower id.
        let mut keys = std::mem::take(&mut s.keys);
        keys.clear();
        let mut push = |v: u32, dot: f32| {
            let nv = self.norms.get(v as usize).copied().unwrap_or(0.0);
            let sim = dot / (nu * nv);
            if v != user && dot > 0.0 && nv > 0.0 && sim.is_finite() {
                keys.push((u64::from(sim.to_bits()) << 32) | u64::from(!v));
            }
        };
        let person = |j: usize| self.person_of(j);
        if dense {
            for (j, acc) in s.users.iter_mut().enumerate() {
                let dot = std::mem::take(acc);
                if dot != 0.0 {
                    push(person(j), dot);
                }
            }
        } else {
            for &j in &s.touched {
                push(person(j as usize), std::mem::take(&mut s.users[j as usize]));
            }
        }
        s.touched.clear();
        nearest_keys(&mut keys, k);
        s.keys = keys;
    }

    /// [`UserKnn::neighbours`] when every product of `user` has a dense column: one pass over
    /// the groups of identical candidate rows multiplies in all of them at once, in `user`'s
    /// product order (the same float sums as one pass per column: a column adds exactly 0 for
    /// a person without the product), and turns the dot products into cosines ([`cosines`]),
    /// the same for every member of a group. Only the members of groups at or above a
    /// threshold read off a sample of the cosines ([`threshold`]) become keys for the
    /// selection, `user` left out; when fewer than `k` are, all are taken, so the neighbours
    /// and their order are exactly those of a selection over every candidate. The keys are
    /// written into `s.spare_keys` and the `k` largest, ordered, into `s.keys`.
    fn dense_neighbours(&self, items: &[u32], rs: &[f32], user: u32, nu: f32, s: &mut Scratch) {
        let k = self.k_used;
        // A member of a group of identical rows: the group's search may serve them already.
        let shared = self.slot_of(user).and_then(|j| {
            let g = *self.groups.slot_group.get(j)?;
            let others = self.groups.members(g as usize).len().checked_sub(1)?;
            (others > 0).then_some((g, others))
        });
        if let Some((g, _)) = shared {
            if s.groups.take(self.model_id, g, user, k, &mut s.keys) {
                return;
            }
        }
        let mut sims = std::mem::take(&mut s.sims);
        if self.dense_bytes.is_empty() {
            let cols = self.weighted_cols(items, rs, Col::floats);
            cosines(&cols, &self.group_norms, nu, &mut sims);
        } else {
            let cols = self.weighted_cols(items, rs, Col::bytes);
            cosines(&cols, &self.group_norms, nu, &mut sims);
        }
        let mut t = threshold(&sims, k, Margin::Tight, &mut s.sample);
        // For a shared group every member gets a key (no one is left out: `u32::MAX` is no
        // person) and `user`'s own key, present when their group reaches `t`, is not counted.
        // Fewer than `k` at the tight threshold: the wide one, then every candidate.
        let left_out = if shared.is_some() { u32::MAX } else { user };
        let mut wider = Some(Margin::Wide);
        let len = loop {
            let len = fill_group_keys(&sims, &self.groups, left_out, t, &mut s.spare_keys);
            let own = shared.is_some_and(|(g, _)| sims.get(g as usize).is_some_and(|&c| c >= t));
            if len.saturating_sub(usize::from(own)) >= k || t <= 0.0 {
                break len;
            }
            t = match wider.take() {
                Some(m) => threshold(&sims, k, m, &mut s.sample).min(t),
                None => 0.0,
            };
        };
        let taken = s.spare_keys.get(..len).unwrap_or(&[]);
        match shared {
            Some((g, others)) => {
                let mut list = std::mem::take(&mut s.group_keys);
                top_descending(taken, k + 1, &mut s.counts, &mut list);
                s.keys.clear();
                s.keys
                    .extend(list.iter().filter(|&&key| !(key as u32) != user).take(k));
                s.groups.keep(self.model_id, g, others, &list);
                s.group_keys = list;
            }
            None => top_descending(taken, k, &mut s.counts, &mut s.keys),
        }
        s.sims = sims;
    }

    /// The dense columns of `items` as stored (`stored` picks them out of a [`Col`]), each with
    /// `user`'s IDF-weighted strength `r · idf²` ([`UserKnn::dense_neighbours`]).
    fn weighted_cols<'a, T>(
        &'a self,
        items: &[u32],
        rs: &[f32],
        stored: impl Fn(Col<'a>) -> Option<&'a [T]>,
    ) -> Vec<(&'a [T], f32)> {
        let weighted = |(&i, &r): (&u32, &f32)| {
            let w = self.idf_of(i);
            Some((stored(self.dense_col(i)?)?, r * w * w))
        };
        items.iter().zip(rs).filter_map(weighted).collect()
    }

    /// Candidate slots among `n_persons` persons (all of them when `stride` is 1 and no
    /// person is left out).
    fn candidates(&self, n_persons: usize) -> usize {
        if self.person_slot.is_empty() {
            n_persons.div_ceil(self.stride.max(1))
        } else {
            self.slots.len()
        }
    }

    /// Person `v`'s candidate slot, if they are a candidate.
    fn slot_of(&self, v: u32) -> Option<usize> {
        if self.person_slot.is_empty() {
            let stride = self.stride.max(1);
            (v as usize)
                .is_multiple_of(stride)
                .then_some(v as usize / stride)
        } else {
            let j = *self.person_slot.get(v as usize)?;
            (j != u32::MAX).then_some(j as usize)
        }
    }

    /// The person of candidate slot `j`.
    fn person_of(&self, j: usize) -> u32 {
        if self.person_slot.is_empty() {
            (j * self.stride.max(1)) as u32
        } else {
            self.slots.get(j).copied().unwrap_or(u32::MAX)
        }
    }

    /// Product `i`'s candidate persons and their strengths.
    fn cand_col<'a>(&'a self, m: &'a InteractionMatrix, i: u32) -> (&'a [u32], &'a [f32]) {
        if self.stride <= 1 {
            return m.col(i);
        }
        let i = i as usize;
        match (self.cand_ptr.get(i), self.cand_ptr.get(i + 1)) {
            (Some(&a), Some(&b)) => (
                self.cand_users.get(a..b).unwrap_or(&[]),
                self.cand_strength.get(a..b).unwrap_or(&[]),
            ),
            _ => (&[], &[]),
        }
    }

    /// Product `i`'s strengths as a dense column over the groups of candidates, when it was
    /// stored so.
    fn dense_col(&self, i: u32) -> Option<Col<'_>> {
        let n = self.group_norms.len();
        let slot = *self.dense_slot.get(i as usize)?;
        let start = (slot as usize).checked_mul(n)?;
        let range = start..start.checked_add(n)?;
        if self.dense_bytes.is_empty() {
            self.dense.get(range).map(Col::F32)
        } else {
            self.dense_bytes.get(range).map(Col::U8)
        }
    }
}

/// `values` as bytes when each is exactly one (`(empty, bytes)`), else as they are (`(values,
/// empty)`) ([`search::Strength`]).
fn floats_or_bytes(values: Vec<f32>) -> (Vec<f32>, Vec<u8>) {
    let whole_byte = |&x: &f32| f32::from(x as u8).to_bits() == x.to_bits();
    if values.iter().all(whole_byte) {
        (Vec::new(), values.iter().map(|&x| x as u8).collect())
    } else {
        (values, Vec::new())
    }
}

/// A dense column as stored ([`UserKnn::dense`] or [`UserKnn::dense_bytes`]).
#[derive(Clone, Copy)]
enum Col<'a> {
    F32(&'a [f32]),
    U8(&'a [u8]),
}

impl<'a> Col<'a> {
    fn floats(self) -> Option<&'a [f32]> {
        match self {
            Col::F32(c) => Some(c),
            Col::U8(_) => None,
        }
    }

    fn bytes(self) -> Option<&'a [u8]> {
        match self {
            Col::U8(c) => Some(c),
            Col::F32(_) => None,
        }
    }

    /// Group `g`'s strength (0 past the end).
    fn get(self, g: usize) -> f32 {
        match self {
            Col::F32(c) => c.get(g).copied().unwrap_or(0.0),
            Col::U8(c) => c.get(g).map_or(0.0, |&x| f32::from(x)),
        }
    }
}

impl Recommender for UserKnn {
    fn fit(&mut self, m: &InteractionMatrix, _items: &ItemFeatures) {
        self.model_id = cache::next_model_id();
        let n = m.n_users as f32;
        self.idf = (0..m.n_items)
            .map(|i| {
                let df = (m.item_ptr[i + 1] - m.item_ptr[i]) as f32;
                ((n + 1.0) / (df + 1.0)).ln() + 1.0
            })
            .collect();
        let gamma = self.popularity_damping;
        self.damping = (0..m.n_items)
            .map(|i| {
                let df = (m.item_ptr[i + 1] - m.item_ptr[i]) as f32;
                if gamma > 0.0 {
                    (df + 1.0).powf(-gamma)
                } else {
                    1.0
                }
            })
            .collect();
        // The work of one exact search per person: each holder of a product multiplies in its
        // column, over all persons when it is dense, over its holders otherwise.
        let is_dense = |len: usize| len > 0 && len.saturating_mul(DENSE_FILL) >= m.n_users;
        self.work = (0..m.n_items)
            .map(|i| {
                let len = m.col(i as u32).0.len();
                let pass = if is_dense(len) { m.n_users } else { len };
                (len as u64).saturating_mul(pass as u64)
            })
            .fold(0u64, u64::saturating_add);
        let budget = match self.work_budget {
            0 => WORK_BUDGET,
            b => b,
        };
        let stride = usize::try_from(self.work.div_ceil(budget))
            .unwrap_or(usize::MAX)
            .clamp(1, m.n_users.max(1));
        self.stride = stride;
        self.k_used = self.neighbours_used(m.n_users.div_ceil(stride));
        self.norms = (0..m.n_users)
            .map(|u| {
                let (items, rs, _) = m.row(u as u32);
                let sq: f32 = items
                    .iter()
                    .zip(rs)
                    .map(|(&i, &r)| (r * self.idf_of(i)).powi(2))
                    .sum();
                sq.sqrt()
            })
            .collect();
        // Every `stride`-th person is a candidate unless their norm is not positive (they
        // cannot be anyone's neighbour); slots are compacted only when someone is left out.
        self.slots.clear();
        self.person_slot.clear();
        let left_out = (0..m.n_users)
            .step_by(stride)
            .any(|v| !self.norms.get(v).is_some_and(|&x| x > 0.0));
        if left_out {
            let mut person_slot = vec![u32::MAX; m.n_users];
            for v in (0..m.n_users).step_by(stride) {
                if self.norms.get(v).is_some_and(|&x| x > 0.0) {
                    person_slot[v] = self.slots.len() as u32;
                    self.slots.push(v as u32);
                }
            }
            self.person_slot = person_slot;
        }
        let nc = self.candidates(m.n_users);
        self.groups = RowGroups::new(m, nc, |j| self.person_of(j));
        let norm = |&v: &u32| self.norms.get(v as usize).copied().unwrap_or(0.0);
        self.group_norms = self.groups.firsts.iter().map(norm).collect();
        let ng = self.group_norms.len();
        let (mut ptr, mut users, mut strength) = (Vec::new(), Vec::new(), Vec::new());
        if stride > 1 {
            ptr.push(0);
            for i in 0..m.n_items {
                let (us, rs) = m.col(i as u32);
                for (&v, &r) in us.iter().zip(rs) {
                    if (v as usize).is_multiple_of(stride) {
                        users.push(v);
                        strength.push(r);
                    }
                }
                ptr.push(users.len());
            }
        }
        (self.cand_ptr, self.cand_users, self.cand_strength) = (ptr, users, strength);
        self.dense_slot = vec![u32::MAX; m.n_items];
        let mut dense = Vec::new();
        let mut slots = 0u32;
        for i in 0..m.n_items {
            if !is_dense(m.col(i as u32).0.len()) {
                continue;
            }
            let start = dense.len();
            dense.resize(start + ng, 0.0);
            let (us, rs) = self.cand_col(m, i as u32);
            for (&v, &r) in us.iter().zip(rs) {
                let g = self.slot_of(v).and_then(|j| self.groups.slot_group.get(j));
                if let Some(x) = g.and_then(|&g| dense.get_mut(start + g as usize)) {
                    *x = r;
                }
            }
            self.dense_slot[i] = slots;
            slots += 1;
        }
        // Bytes when every strength stored is one exactly (the same values, tested).
        (self.dense, self.dense_bytes) = floats_or_bytes(dense);
        self.vote_rows.clear();
        self.vote_bytes.clear();
        let cells = m.n_users.saturating_mul(m.n_items);
        if m.n_items > 0 && cells <= m.nnz().saturating_mul(DENSE_FILL) {
            let mut rows = vec![0.0; cells + VOTE_ROWS_PAD];
            for (u, row) in rows[..cells].chunks_exact_mut(m.n_items).enumerate() {
                let (items, rs, bought) = m.row(u as u32);
                for ((&i, &r), &b) in items.iter().zip(rs).zip(bought) {
                    if let Some(x) = row.get_mut(i as usize) {
                        *x = self.vote(r, b);
                    }
                }
            }
            (self.vote_rows, self.vote_bytes) = floats_or_bytes(rows);
        }
    }

    fn score(&self, m: &InteractionMatrix, user: u32, out: &mut [f32], s: &mut Scratch) {
        out.iter_mut().for_each(|o| *o = 0.0);
        let ni = m.n_items;
        self.search(m, user, s);
        let rows = m.n_users * ni + VOTE_ROWS_PAD;
        // A dense row adds `sim * 0` = 0 for the products `v` has no event on: the same sums
        // as adding `v`'s entries only.
        if out.len() == ni && self.vote_bytes.len() == rows {
            add_votes(&s.keys, &self.vote_bytes, out);
        } else if out.len() == ni && self.vote_rows.len() == rows {
            add_votes(&s.keys, &self.vote_rows, out);
        } else {
            for &key in &s.keys {
                let (v, sim) = (!(key as u32), f32::from_bits((key >> 32) as u32));
                let (items, rs, bought) = m.row(v);
                for ((&i, &r), &b) in items.iter().zip(rs).zip(bought) {
                    if let Some(o) = out.get_mut(i as usize) {
                        *o += sim * self.vote(r, b);
                    }
                }
            }
        }
        for (o, &d) in out.iter_mut().zip(&self.damping) {
            *o *= d;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
