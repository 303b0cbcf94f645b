//! FP-Growth (Han, Pei & Yin 2000) over dense `u32` item ranks.
//!
//! Items are recoded to ranks by descending frequency (rank 0 = most frequent). An FP-tree is a
//! prefix tree of the baskets (items in rank order) kept in flat arena vectors; its header table
//! lists, for every item, the nodes carrying it. Mining walks the trees depth-first with an
//! explicit stack (no recursion): for each item of a tree it emits `prefix ∪ {item}` and builds
//! the item's conditional tree from the paths above its nodes.
//!
//! Trees are built from weighted paths sorted lexicographically: paths sharing a prefix are then
//! contiguous, so each path only has to be compared with the previous one to find the nodes it
//! shares, and no child lookup is needed.

/// Frequent itemsets in flat form: itemset `k` is `items[offsets[k]..offsets[k + 1]]`, its items
/// as ranks in ascending order, and `counts[k]` baskets contain it.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlatItemsets {
    pub items: Vec<u32>,
    pub offsets: Vec<usize>,
    pub counts: Vec<u32>,
}

impl FlatItemsets {
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Items (ranks, ascending) of itemset `k`; empty for an index out of range.
    pub fn get(&self, k: usize) -> &[u32] {
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn push(&mut self, descending: &[u32], count: u32) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.items.extend(descending.iter().rev());
        self.offsets.push(self.items.len());
        self.counts.push(count);
    }
}

/// The result of mining: ranks, their original ids and the itemsets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mined {
    /// Original item id of each rank.
    pub rank_to_id: Vec<u32>,
    /// Support count of each rank (non-increasing).
    pub rank_count: Vec<u32>,
    pub itemsets: FlatItemsets,
}

/// Mining stopped because more than the allowed number of itemsets were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooMany;

const ROOT: u32 = 0;
const NIL: u32 = u32::MAX;

/// An FP-tree. Node 0 is the root. Items are local ids `0..globals.len()`, in the same order as
/// the global ranks they stand for, so ancestors of a node always have smaller local ids.
/// Trees are recycled through a pool, so their vectors keep their capacity.
#[derive(Debug, Clone, Default)]
struct Tree {
    /// Global rank of each local item.
    globals: Vec<u32>,
    /// Support count of each local item in this tree (filled by `index_header`).
    item_count: Vec<u32>,
    node_item: Vec<u32>,
    node_count: Vec<u32>,
    node_parent: Vec<u32>,
    first_child: Vec<u32>,
    next_sibling: Vec<u32>,
    /// Child of the root carrying each local item, or `NIL`.
    root_child: Vec<u32>,
    /// Header table in CSR form: nodes of local item `i` are
    /// `header_nodes[header_start[i]..header_start[i + 1]]`.
    header_start: Vec<u32>,
    header_nodes: Vec<u32>,
}

/// Reusable buffers for building conditional trees.
#[derive(Debug, Default)]
struct Scratch {
    buf: Vec<u32>,
    /// (start, len, weight) of each path in `buf`.
    paths: Vec<(u32, u32, u32)>,
    counts: Vec<u32>,
    remap: Vec<u32>,
}

impl Tree {
    /// Empties the tree (keeping capacity) for `globals` local items.
    fn reset(&mut self, n_items: usize) {
        self.globals.clear();
        self.item_count.clear();
        self.item_count.resize(n_items, 0);
        self.node_item.clear();
        self.node_count.clear();
        self.node_parent.clear();
        self.first_child.clear();
        self.next_sibling.clear();
        self.node_item.push(NIL);
        self.node_count.push(0);
        self.node_parent.push(ROOT);
        self.first_child.push(NIL);
        self.next_sibling.push(NIL);
        self.root_child.clear();
        self.root_child.resize(n_items, NIL);
        self.header_start.clear();
        self.header_nodes.clear();
    }

    /// Adds a path of local ids (ascending) with a weight.
    fn insert(&mut self, path: &[u32], weight: u32) {
        let mut cur = ROOT;
        for &item in path {
            let mut found = NIL;
            if cur == ROOT {
                found = self.root_child.get(item as usize).copied().unwrap_or(NIL);
            } else {
                let mut c = self.first_child.get(cur as usize).copied().unwrap_or(NIL);
                while c != NIL {
                    if self.node_item.get(c as usize) == Some(&item) {
                        found = c;
                        break;
                    }
                    c = self.next_sibling.get(c as usize).copied().unwrap_or(NIL);
                }
            }
            if found != NIL {
                if let Some(n) = self.node_count.get_mut(found as usize) {
                    *n = n.saturating_add(weight);
                }
                cur = found;
                continue;
            }
            let id = self.node_item.len() as u32;
            self.node_item.push(item);
            self.node_count.push(weight);
            self.node_parent.push(cur);
            self.first_child.push(NIL);
            if cur == ROOT {
                self.next_sibling.push(NIL);
                if let Some(slot) = self.root_child.get_mut(item as usize) {
                    *slot = id;
                }
            } else {
                let first = self.first_child.get(cur as usize).copied().unwrap_or(NIL);
                self.next_sibling.push(first);
                if let Some(slot) = self.first_child.get_mut(cur as usize) {
                    *slot = id;
                }
            }
            cur = id;
        }
    }

    /// Whether the tree is one chain (node `n`'s parent is `n - 1`): nodes are created along
    /// the paths, so any branching gives some node an older parent.
    fn is_single_path(&self) -> bool {
        self.node_parent
            .iter()
            .enumerate()
            .skip(1)
            .all(|(n, &p)| p as usize + 1 == n)
    }

    /// Fills the header table and the item counts from the nodes (counting sort by item).
    fn index_header(&mut self) {
        let n_items = self.globals.len();
        self.item_count.clear();
        self.item_count.resize(n_items, 0);
        self.header_start.clear();
        self.header_start.resize(n_items + 1, 0);
        for (&item, &count) in self.node_item.iter().zip(&self.node_count).skip(1) {
            if let Some(s) = self.header_start.get_mut(item as usize + 1) {
                *s += 1;
            }
            if let Some(c) = self.item_count.get_mut(item as usize) {
                *c = c.saturating_add(count);
            }
        }
        for i in 0..n_items {
            self.header_start[i + 1] += self.header_start[i];
        }
        // Place nodes using `root_child` as the fill cursor (it is not needed any more).
        self.root_child.clear();
        self.root_child
            .extend_from_slice(&self.header_start[..n_items]);
        self.header_nodes.clear();
        self.header_nodes
            .resize(self.node_item.len().saturating_sub(1), 0);
        for (n, &item) in self.node_item.iter().enumerate().skip(1) {
            if let Some(f) = self.root_child.get_mut(item as usize) {
                if let Some(slot) = self.header_nodes.get_mut(*f as usize) {
                    *slot = n as u32;
                }
                *f += 1;
            }
        }
    }

    fn nodes_of(&self, item: usize) -> &[u32] {
        match (self.header_start.get(item), self.header_start.get(item + 1)) {
            (Some(&a), Some(&b)) => self.header_nodes.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Builds into `out` the conditional tree of local item `item`: the paths above its nodes,
    /// weighted by the nodes' counts, restricted to the items that stay frequent. `false` (and
    /// `out` unspecified) when no item does.
    fn conditional(&self, item: usize, min_count: u32, s: &mut Scratch, out: &mut Tree) -> bool {
        s.buf.clear();
        s.paths.clear();
        s.counts.clear();
        s.counts.resize(item, 0);
        for &n in self.nodes_of(item) {
            let weight = self.node_count.get(n as usize).copied().unwrap_or(0);
            let start = s.buf.len();
            let mut a = self.node_parent.get(n as usize).copied().unwrap_or(ROOT);
            while a != ROOT {
                let it = self.node_item.get(a as usize).copied().unwrap_or(NIL);
                if let Some(c) = s.counts.get_mut(it as usize) {
                    *c = c.saturating_add(weight);
                    s.buf.push(it);
                }
                a = self.node_parent.get(a as usize).copied().unwrap_or(ROOT);
            }
            if s.buf.len() > start {
                s.paths
                    .push((start as u32, (s.buf.len() - start) as u32, weight));
            }
        }
        // Local ids of the new tree, in the same order.
        s.remap.clear();
        let mut k = 0u32;
        for &c in &s.counts {
            if c >= min_count {
                s.remap.push(k);
                k += 1;
            } else {
                s.remap.push(NIL);
            }
        }
        if k == 0 {
            return false;
        }
        out.reset(k as usize);
        for (i, &m) in s.remap.iter().enumerate() {
            if m != NIL {
                out.globals
                    .push(self.globals.get(i).copied().unwrap_or(NIL));
            }
        }
        // Keep the frequent items of each path, ascending (paths were collected bottom-up).
        for &(start, len, weight) in &s.paths {
            let Some(seg) = s.buf.get_mut(start as usize..(start + len) as usize) else {
                continue;
            };
            seg.reverse();
            let mut w = 0;
            for r in 0..seg.len() {
                let mapped = s.remap.get(seg[r] as usize).copied().unwrap_or(NIL);
                if mapped != NIL {
                    seg[w] = mapped;
                    w += 1;
                }
            }
            if w > 0 {
                out.insert(&seg[..w], weight);
            }
        }
        true
    }
}

/// Emits `prefix ∪ S` for every non-empty subset S of a single-path tree with at most `room`
/// items: its count is the count of S's deepest node. `prefix` is restored on return.
fn emit_chain(
    tree: &Tree,
    prefix: &mut Vec<u32>,
    room: usize,
    out: &mut FlatItemsets,
    limit: Option<usize>,
) -> Result<(), TooMany> {
    let base = prefix.len();
    // Chain nodes 1..=L top-down: globals ascending, counts non-increasing. Subsets are built
    // deepest node first, so each prefix stays in descending rank order.
    let chain_len = tree.node_item.len().saturating_sub(1);
    // cand[d] = nodes still to try at depth d are 1..cand[d].
    let mut cand: Vec<usize> = vec![chain_len + 1];
    let mut count = 0;
    while let Some(c) = cand.last_mut() {
        if *c <= 1 {
            cand.pop();
            continue;
        }
        *c -= 1;
        let node = *c;
        let depth = cand.len() - 1;
        let item = tree.node_item.get(node).copied().unwrap_or(NIL);
        if depth == 0 {
            count = tree.node_count.get(node).copied().unwrap_or(0);
        }
        prefix.truncate(base + depth);
        prefix.push(tree.globals.get(item as usize).copied().unwrap_or(NIL));
        out.push(prefix, count);
        if limit.is_some_and(|l| out.len() > l) {
            prefix.truncate(base);
            return Err(TooMany);
        }
        if depth + 1 < room && node > 1 {
            cand.push(node);
        }
    }
    prefix.truncate(base);
    Ok(())
}

/// Mines all itemsets of at most `max_len` items contained in at least `min_count` baskets
/// (`min_count >= 1`). `baskets` hold item ids `< n_items`, sorted and deduplicated.
/// Stops with [`TooMany`] once more than `limit` itemsets have been found.
pub(crate) fn mine(
    baskets: &[Vec<u32>],
    n_items: usize,
    min_count: u32,
    max_len: usize,
    limit: Option<usize>,
) -> Result<Mined, TooMany> {
    let min_count = min_count.max(1);
    let mut freq = vec![0u32; n_items];
    for b in baskets {
        for &i in b {
            if let Some(f) = freq.get_mut(i as usize) {
                *f = f.saturating_add(1);
            }
        }
    }
    let mut order: Vec<u32> = (0..n_items as u32)
        .filter(|&i| freq.get(i as usize).is_some_and(|&f| f >= min_count))
        .collect();
    // Descending frequency, ties by id: deterministic.
    crate::sort::by(&mut order, |&a, &b| {
        let (fa, fb) = (freq[a as usize], freq[b as usize]);
        fb.cmp(&fa).then(a.cmp(&b))
    });
    let mut rank_of = vec![NIL; n_items];
    for (r, &id) in order.iter().enumerate() {
        rank_of[id as usize] = r as u32;
    }
    let rank_count: Vec<u32> = order.iter().map(|&id| freq[id as usize]).collect();
    let mut mined = Mined {
        rank_to_id: order,
        rank_count,
        itemsets: FlatItemsets::default(),
    };
    let n_ranks = mined.rank_to_id.len();
    if n_ranks == 0 || max_len == 0 {
        return Ok(mined);
    }

    // The initial tree: every basket's frequent items as ranks (local ids = global ranks).
    let mut root = Tree::default();
    root.reset(n_ranks);
    root.globals.extend(0..n_ranks as u32);
    let mut path: Vec<u32> = Vec::new();
    for b in baskets {
        path.clear();
        path.extend(
            b.iter()
                .filter_map(|&i| rank_of.get(i as usize).copied())
                .filter(|&r| r != NIL),
        );
        path.sort_unstable();
        root.insert(&path, 1);
    }

    struct Frame {
        tree: Tree,
        next: usize,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut pool: Vec<Tree> = Vec::new();
    let mut s = Scratch::default();
    // Items of the current prefix, in the order they were added (descending rank).
    let mut prefix: Vec<u32> = Vec::new();
    let out = &mut mined.itemsets;
    if root.is_single_path() {
        emit_chain(&root, &mut prefix, max_len, out, limit)?;
        return Ok(mined);
    }
    root.index_header();
    stack.push(Frame {
        tree: root,
        next: 0,
    });
    while let Some(top) = stack.last_mut() {
        if top.next >= top.tree.globals.len() {
            if let Some(f) = stack.pop() {
                pool.push(f.tree);
            }
            prefix.pop();
            continue;
        }
        let item = top.next;
        top.next += 1;
        let count = top.tree.item_count.get(item).copied().unwrap_or(0);
        if count < min_count {
            continue;
        }
        prefix.push(top.tree.globals.get(item).copied().unwrap_or(NIL));
        out.push(&prefix, count);
        if limit.is_some_and(|l| out.len() > l) {
            return Err(TooMany);
        }
        if prefix.len() < max_len {
            let mut cond = pool.pop().unwrap_or_default();
            if top.tree.conditional(item, min_count, &mut s, &mut cond) {
                if cond.is_single_path() {
                    let room = max_len - prefix.len();
                    emit_chain(&cond, &mut prefix, room, out, limit)?;
                    pool.push(cond);
                } else {
                    cond.index_header();
                    stack.push(Frame {
                        tree: cond,
                        next: 0,
                    });
                    continue;
                }
            } else {
                pool.push(cond);
            }
        }
        prefix.pop();
    }
    Ok(mined)
}
