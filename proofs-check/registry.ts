/**
 * The registry: every check, in report order. Adding a check is one file under `checks/` and
 * one line here.
 *
 * @module
 */
import { embeddingCountSketch } from './checks/embedding-countsketch.js';
import { embeddingGaussian } from './checks/embedding-gaussian.js';
import { embeddingSparseSign } from './checks/embedding-sparse-sign.js';
import { embeddingSrht } from './checks/embedding-srht.js';
import { jlDimension } from './checks/jl-dimension.js';
import { oceDenseVsCountSketch } from './checks/oce-dense-vs-countsketch.js';
import type { CheckDefinition } from './types.js';

export const CHECKS: readonly CheckDefinition[] = [
  embeddingGaussian,
  embeddingCountSketch,
  embeddingSrht,
  embeddingSparseSign,
  jlDimension,
  oceDenseVsCountSketch,
  // Later modules slot in here, e.g. linfRegression, leverageSampling, sensitivities,
  // lewisWeights, sketchAndPrecondition, completion, monarchProjection.
];
