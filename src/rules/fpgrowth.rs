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

/// A weighted path: `buf[start..start + len]`, local item ids ascending.
#[derive(Debug, Clone, Copy)]
struct Path {
    start: u32,
    len: u32,
    weight: u32,
}

const ROOT: u32 = 0;

/// An FP-tree. Node 0 is the root. Items are local ids `0..globals.len()`, in the same order as
/// the global ranks they stand for, so ancestors of a node always have smaller local ids.
#[derive(Debug, Clone, Default)]
struct Tree {
    /// Global rank of each local item.
    globals: Vec<u32>,
    /// Support count of each local item in this tree.
    item_count: Vec<u32>,
    node_item: Vec<u32>,
    node_count: Vec<u32>,
    node_parent: Vec<u32>,
    /// Header table in CSR form: nodes of local item `i` are
    /// `header_nodes[header_start[i]..header_start[i + 1]]`.
    header_start: Vec<u32>,
    header_nodes: Vec<u32>,
}

/// Reusable buffers for building conditional trees.
#[derive(Debug, Default)]
struct Scratch {
    buf: Vec<u32>,
    paths: Vec<Path>,
    counts: Vec<u32>,
    remap: Vec<u32>,
    path_nodes: Vec<u32>,
}

impl Tree {
    /// Builds a tree from weighted paths whose items are local ids `< globals.len()` in
    /// ascending order. `paths` is sorted here.
    fn build(globals: Vec<u32>, buf: &[u32], paths: &mut [Path], path_nodes: &mut Vec<u32>) -> Tree {
        let slice = |p: &Path| -> &[u32] {
            buf.get(p.start as usize..(p.start + p.len) as usize)
                .unwrap_or(&[])
        };
        paths.sort_unstable_by(|a, b| slice(a).cmp(slice(b)));
        let n_items = globals.len();
        let mut t = Tree {
            globals,
            item_count: vec![0; n_items],
            node_item: vec![u32::MAX],
            node_count: vec![0],
            node_parent: vec![ROOT],
            ..Tree::default()
        };
        path_nodes.clear();
        let mut prev: &[u32] = &[];
        for p in paths.iter() {
            let cur = slice(p);
            if cur.is_empty() {
                continue;
            }
            let shared = prev.iter().zip(cur).take_while(|(a, b)| a == b).count();
            path_nodes.truncate(shared);
            for &n in path_nodes.iter() {
                if let Some(c) = t.node_count.get_mut(n as usize) {
                    *c = c.saturating_add(p.weight);
                }
            }
            for &item in &cur[shared..] {
                let parent = path_nodes.last().copied().unwrap_or(ROOT);
                let id = t.node_item.len() as u32;
                t.node_item.push(item);
                t.node_count.push(p.weight);
                t.node_parent.push(parent);
                path_nodes.push(id);
            }
            prev = cur;
        }
        t.index_header();
        t
    }

    /// Fills the header table and the item counts from the nodes (counting sort by item).
    fn index_header(&mut self) {
        let n_items = self.globals.len();
        let mut start = vec![0u32; n_items + 1];
        for (&item, &count) in self.node_item.iter().zip(&self.node_count).skip(1) {
            if let Some(s) = start.get_mut(item as usize + 1) {
                *s += 1;
            }
            if let Some(c) = self.item_count.get_mut(item as usize) {
                *c = c.saturating_add(count);
            }
        }
        for i in 0..n_items {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut nodes = vec![0u32; self.node_item.len().saturating_sub(1)];
        for (n, &item) in self.node_item.iter().enumerate().skip(1) {
            if let Some(f) = fill.get_mut(item as usize) {
                if let Some(slot) = nodes.get_mut(*f as usize) {
                    *slot = n as u32;
                }
                *f += 1;
            }
        }
        self.header_start = start;
        self.header_nodes = nodes;
    }

    fn nodes_of(&self, item: usize) -> &[u32] {
        match (self.header_start.get(item), self.header_start.get(item + 1)) {
            (Some(&a), Some(&b)) => self.header_nodes.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The conditional tree of local item `item`: the paths above its nodes, weighted by the
    /// nodes' counts, restricted to the items that stay frequent. `None` when nothing does.
    fn conditional(&self, item: usize, min_count: u32, s: &mut Scratch) -> Option<Tree> {
        s.buf.clear();
        s.paths.clear();
        s.counts.clear();
        s.counts.resize(item, 0);
        for &n in self.nodes_of(item) {
            let weight = self.node_count.get(n as usize).copied().unwrap_or(0);
            let start = s.buf.len();
            let mut a = self.node_parent.get(n as usize).copied().unwrap_or(ROOT);
            while a != ROOT {
                let it = self.node_item.get(a as usize).copied().unwrap_or(u32::MAX);
                if let Some(c) = s.counts.get_mut(it as usize) {
                    *c = c.saturating_add(weight);
                    s.buf.push(it);
                }
                a = self.node_parent.get(a as usize).copied().unwrap_or(ROOT);
            }
            if s.buf.len() > start {
                s.paths.push(Path {
                    start: start as u32,
                    len: (s.buf.len() - start) as u32,
                    weight,
                });
            }
        }
        // Local ids of the new tree, in the same order.
        s.remap.clear();
        let mut globals = Vec::new();
        for (i, &c) in s.counts.iter().enumerate() {
            if c >= min_count {
                s.remap.push(globals.len() as u32);
                globals.push(self.globals.get(i).copied().unwrap_or(u32::MAX));
            } else {
                s.remap.push(u32::MAX);
            }
        }
        if globals.is_empty() {
            return None;
        }
        // Keep the frequent items of each path, ascending (paths were collected bottom-up).
        for p in s.paths.iter_mut() {
            let (a, b) = (p.start as usize, (p.start + p.len) as usize);
            let Some(seg) = s.buf.get_mut(a..b) else {
                p.len = 0;
                continue;
            };
            seg.reverse();
            let mut w = 0;
            for r in 0..seg.len() {
                let mapped = s.remap.get(seg[r] as usize).copied().unwrap_or(u32::MAX);
                if mapped != u32::MAX {
                    seg[w] = mapped;
                    w += 1;
                }
            }
            p.len = w as u32;
        }
        let mut path_nodes = std::mem::take(&mut s.path_nodes);
        let t = Tree::build(globals, &s.buf, &mut s.paths, &mut path_nodes);
        s.path_nodes = path_nodes;
        Some(t)
    }
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
    order.sort_unstable_by(|&a, &b| {
        let (fa, fb) = (freq[a as usize], freq[b as usize]);
        fb.cmp(&fa).then(a.cmp(&b))
    });
    let mut rank_of = vec![u32::MAX; n_items];
    for (r, &id) in order.iter().enumerate() {
        rank_of[id as usize] = r as u32;
    }
    let rank_count: Vec<u32> = order.iter().map(|&id| freq[id as usize]).collect();
    let mut mined = Mined {
        rank_to_id: order,
        rank_count,
        itemsets: FlatItemsets::default(),
    };
    if mined.rank_to_id.is_empty() || max_len == 0 {
        return Ok(mined);
    }

    // The initial tree: every basket's frequent items as ranks (local ids = global ranks).
    let mut s = Scratch::default();
    for b in baskets {
        let start = s.buf.len();
        s.buf.extend(
            b.iter()
                .filter_map(|&i| rank_of.get(i as usize).copied())
                .filter(|&r| r != u32::MAX),
        );
        let seg = &mut s.buf[start..];
        seg.sort_unstable();
        if !seg.is_empty() {
            s.paths.push(Path {
                start: start as u32,
                len: seg.len() as u32,
                weight: 1,
            });
        }
    }
    let globals: Vec<u32> = (0..mined.rank_to_id.len() as u32).collect();
    let mut path_nodes = Vec::new();
    let root = Tree::build(globals, &s.buf, &mut s.paths, &mut path_nodes);

    struct Frame {
        tree: Tree,
        next: usize,
    }
    let mut stack = vec![Frame {
        tree: root,
        next: 0,
    }];
    // Items of the current prefix, in the order they were added (descending rank).
    let mut prefix: Vec<u32> = Vec::new();
    let out = &mut mined.itemsets;
    while let Some(top) = stack.last_mut() {
        if top.next >= top.tree.globals.len() {
            stack.pop();
            prefix.pop();
            continue;
        }
        let item = top.next;
        top.next += 1;
        let count = top.tree.item_count.get(item).copied().unwrap_or(0);
        if count < min_count {
            continue;
        }
        prefix.push(top.tree.globals.get(item).copied().unwrap_or(u32::MAX));
        out.push(&prefix, count);
        if limit.is_some_and(|l| out.len() > l) {
            return Err(TooMany);
        }
        if prefix.len() < max_len {
            if let Some(cond) = top.tree.conditional(item, min_count, &mut s) {
                stack.push(Frame {
                    tree: cond,
                    next: 0,
                });
                continue;
            }
        }
        prefix.pop();
    }
    Ok(mined)
}
