// @remotemedia/runtime: run RemoteMedia pipelines (C++ and Python nodes) in Node, browsers and
// workers on one persistent wasm instance. See docs/js.md.
export { PipelineRunner, RunnerProgressEvent, NodeProgressEvent, type RunnerOptions, type CallOptions, type RawCallOptions } from './runner.js';
export { StreamingPipeline, type GraphInfo, type AudioChunkOptions, type DrainOptions } from './streaming.js';
export { RemoteMediaError, type RemoteMediaErrorDetails, type SerializedRemoteMediaError } from './errors.js';
export { ERROR_CODES, isErrorCode, type ErrorCode } from './error_codes.js';
export { errorDocumentText } from './host_documents.js';
export type { PipelineDocument, PipelineResult, Outputs } from './documents.js';
export type { RawRun, Limits, NodeProgress } from './instance.js';
export type { LoadProgress, RuntimeSource, ModuleSource, StdlibSource } from './loader.js';
export type { RunnerMetrics } from './metrics.js';
export type { PackageInfo, PackageFile, LoadPackageOptions, InspectPackageOptions, InspectedPackage } from './package.js';
export type { FileMap } from './wasi/tree.js';
export { DTYPES, makeTensor, encodeJson, decodeValues, type Audio, type Dtype, type Tensor, type TensorArray } from './values.js';
export { parseJson } from './json.js';
