/**
 * The registry: every check, in report order. Adding a check is one file under `checks/` and
 * one line here.
 *
 * @module
 */
import { completionCost } from './checks/completion-cost.js';
import { completionRecovery } from './checks/completion-recovery.js';
import { embeddingCountSketch } from './checks/embedding-countsketch.js';
import { embeddingGaussian } from './checks/embedding-gaussian.js';
import { embeddingSparseSign } from './checks/embedding-sparse-sign.js';
import { embeddingSparseStack } from './checks/embedding-sparse-stack.js';
import { embeddingSrht } from './checks/embedding-srht.js';
import { jlDimension } from './checks/jl-dimension.js';
import { leverageEmbedding } from './checks/leverage-embedding.js';
import { linfRegressionCheck } from './checks/linf-regression.js';
import { lewisWeightsCheck } from './checks/lewis-weights.js';
import { monarchProjection } from './checks/monarch-projection.js';
import { oceDenseVsCountSketch } from './checks/oce-dense-vs-countsketch.js';
import { rootLeverageVsSensitivity } from './checks/root-leverage.js';
import { sketchPrecondition } from './checks/sketch-precondition.js';
import { sensitivityExponent } from './checks/sensitivity-exponent.js';
import { sensitivityTotal } from './checks/sensitivity-total.js';
import type { CheckDefinition } from './types.js';

export const CHECKS: readonly CheckDefinition[] = [
  embeddingGaussian,
  embeddingCountSketch,
  embeddingSrht,
  embeddingSparseSign,
  embeddingSparseStack,
  jlDimension,
  oceDenseVsCountSketch,
  leverageEmbedding,
  sensitivityTotal,
  lewisWeightsCheck,
  sensitivityExponent,
  rootLeverageVsSensitivity,
  monarchProjection,
  sketchPrecondition,
  linfRegressionCheck,
  completionRecovery,
  completionCost,
  // Later modules slot in here, e.g. completion.
];
