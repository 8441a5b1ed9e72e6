// Bundled entry of the scoring pool's worker threads (dist/score-worker/index.js). Not a step:
// DetectionScorer.scoreBatch starts it from any bundle that scores images (see shared/scoring/pool.ts).
import '../shared/scoring/score-worker.js';
