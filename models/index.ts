export { buildModels, ensureModels, modelsExist, isBlocking } from './runner/build.service.ts';
export type { BuildOptions, BuildResult, ModelOutcome } from './runner/build.service.ts';
export type { TestResult } from './runner/model.tests.ts';
export { loadModels, MODELS_DIR } from './runner/model.catalog.ts';
export type { Model } from './runner/model.catalog.ts';
export { buildGraph, selectModels } from './runner/model.graph.ts';
export type { ModelGraph } from './runner/model.graph.ts';
export { writeLineage } from './runner/lineage.docs.ts';
