/**
 * A fixed-order reduction tree over block indices.
 *
 * S·A = Σ_b S[:, block b]·A[block b]. Floating-point addition is not associative, so to make the
 * sum independent of chunking, arrival order and the number of workers, the partial products
 * are combined in one fixed binary tree over the global block index: node (level L, index i)
 * covers blocks [i·2^L, (i+1)·2^L) and its value is left + right (left first, always), or left
 * alone when the right child lies beyond the last block. Nodes are combined as soon as both
 * children are known, so in-order input keeps O(log #blocks) partial sums alive.
 *
 * @internal
 * @module
 */

/** One node of the tree: the sum of the partial products of blocks [index·2^level, (index+1)·2^level). */
export interface TreeNode {
  readonly level: number;
  readonly index: number;
  readonly data: Float64Array;
}

/** Mutable tree state (owned by an accumulator). */
export interface ReductionTree {
  /** Number of leaves (blocks). */
  readonly leaves: number;
  /** Height of the tree: the root is at this level. */
  readonly height: number;
  /** Length of every node's data array. */
  readonly size: number;
  /** Live nodes keyed by `level * 2^32 + index`. */
  readonly nodes: Map<number, TreeNode>;
}

const KEY = 2 ** 32;

/** An empty tree over `leaves` blocks whose values have `size` entries. */
export function createTree(leaves: number, size: number): ReductionTree {
  let height = 0;
  while (2 ** height < leaves) height++;
  return { leaves, height, size, nodes: new Map() };
}

/** Number of leaves below node (level, index) that exist (the last subtree may be partial). */
function spanExists(tree: ReductionTree, level: number, index: number): boolean {
  return index * 2 ** level < tree.leaves;
}

/**
 * Inserts the value of node (level, index) and combines upwards while siblings are present.
 * Takes ownership of `data` (it may be reused as the parent's storage). Each right child whose
 * value has been added into its left sibling is handed to `recycle`, if given, for reuse.
 */
export function insertNode(tree: ReductionTree, level: number, index: number, data: Float64Array, recycle?: (spent: Float64Array) => void): void {
  let L = level;
  let i = index;
  let v = data;
  const { nodes } = tree;
  for (;;) {
    const key = L * KEY + i;
    if (nodes.has(key)) throw new Error(`reduction tree: block range (${L}, ${i}) inserted twice`);
    if (L === tree.height) {
      nodes.set(key, { level: L, index: i, data: v });
      return;
    }
    const sib = i ^ 1;
    if (!spanExists(tree, L, sib)) {
      // The right sibling covers no block: the parent's value is this node's value.
      L++;
      i >>= 1;
      continue;
    }
    const sibKey = L * KEY + sib;
    const other = nodes.get(sibKey);
    if (other === undefined) {
      nodes.set(key, { level: L, index: i, data: v });
      return;
    }
    nodes.delete(sibKey);
    const left = (i & 1) === 0 ? v : other.data;
    const right = (i & 1) === 0 ? other.data : v;
    const n = left.length;
    for (let t = 0; t < n; t++) left[t] = left[t] + right[t];
    recycle?.(right);
    v = left;
    L++;
    i >>= 1;
  }
}

/** The root value, or undefined while some block has not arrived. */
/**
 * The maximal aligned subtrees of `tree` inside blocks [b0, b1), in order, as [level, first
 * block]: node (L, b/2^L) sums blocks b … min(leaves, b + 2^L) − 1. Inserting each one's value
 * at its node is the same as inserting the blocks one by one (the same additions). O(b1 − b0).
 */
export function alignedSubtrees(tree: ReductionTree, b0: number, b1: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let b = b0; b < b1; ) {
    let L = 0;
    while (L < tree.height && b % 2 ** (L + 1) === 0 && Math.min(tree.leaves, b + 2 ** (L + 1)) <= b1) L++;
    out.push([L, b]);
    b = Math.min(tree.leaves, b + 2 ** L);
  }
  return out;
}

export function treeRoot(tree: ReductionTree): Float64Array | undefined {
  if (tree.leaves === 0) return new Float64Array(tree.size);
  return tree.nodes.get(tree.height * KEY)?.data;
}

/** Leaves covered by the live nodes (for progress and error messages). */
export function leavesDone(tree: ReductionTree): number {
  let c = 0;
  for (const nd of tree.nodes.values()) {
    const lo = nd.index * 2 ** nd.level;
    const hi = Math.min(tree.leaves, (nd.index + 1) * 2 ** nd.level);
    c += hi - lo;
  }
  return c;
}
