// The checks' tool finder lives in the policy library; tests outside it import it from here.
export { findTool, missingTool, repoRoot } from '../../policy/support/tools.js';
