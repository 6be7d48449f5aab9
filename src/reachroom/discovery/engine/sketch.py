"""Pre-ranking sketches: an int8 PCA projection of the embeddings and a codebook of tone vectors.

They only decide which rows search.py re-scores exactly, so they may be stale (upserts do not retrain them).
The sketch is int8 (32 bytes a row at 32 dimensions, a quarter of float32): pre-ranking a million rows reads the
whole sketch, so its size sets the speed; the quantisation error (half a step of 1/127 of each axis' range) is
small beside what the PCA truncation already loses, and recall is measured by the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ANN_MIN_ROWS = 20_000  # below this many embeddings every survivor is scored exactly; no sketch is trained
ANN_DIMS = 32
ANN_SAMPLE = 60_000
TONE_CODES = 255  # tone codebook size; code 0 = no tone profile
_CHUNK = 65_536
SKETCH_MAX_CODE = 127
# Each axis' step is set so the largest |projection| in the training sample maps to 127 / this headroom: rows
# outside the sample rarely go further, and those that do are clipped (pre-ranking only).
SKETCH_HEADROOM = 1.25


@dataclass
class AnnModel:
    """PCA of the embeddings (sketch = round((x - mean) @ components / step)) and the tone codebook (code i + 1 =
    row i)."""

    mean: np.ndarray  # (D,) float32
    components: np.ndarray  # (D, d) float32
    step: np.ndarray  # (d,) float32: the value of one int8 code on each sketch axis
    tone_centroids: np.ndarray | None = None  # (TONE_CODES, K) float32

    @property
    def dims(self) -> int:
        return int(self.components.shape[1])

    def project(self, x: np.ndarray) -> np.ndarray:
        """(m, D) float32 embeddings -> (m, d) sketch."""
        return ((x - self.mean) @ self.components).astype(np.float32)

    def sketch(self, x: np.ndarray) -> np.ndarray:
        """(m, D) float32 embeddings -> (m, d) int8 sketch codes (projection / step, rounded and clipped)."""
        codes = np.rint(self.project(x) / self.step)
        np.clip(codes, -SKETCH_MAX_CODE, SKETCH_MAX_CODE, out=codes)
        return codes.astype(np.int8)

    def tone_codes(self, tone_unit: np.ndarray, has_tone: np.ndarray) -> np.ndarray:
        """Codebook code + 1 per row, 0 where the row has no tone profile (or there is no codebook)."""
        codes = np.zeros(tone_unit.shape[0], dtype=np.uint8)
        if self.tone_centroids is None:
            return codes
        for a in range(0, tone_unit.shape[0], _CHUNK):
            b = min(tone_unit.shape[0], a + _CHUNK)
            nearest = nearest_centroid(tone_unit[a:b], self.tone_centroids).astype(np.uint8) + 1
            codes[a:b] = np.where(has_tone[a:b], nearest, 0)
        return codes


def fit_pca(sample: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, the top `dims` principal axes (D x dims) of a sample (from its D x D covariance) and the int8 step of
    each axis."""
    x = sample.astype(np.float64)
    mean = x.mean(axis=0)
    x -= mean
    # Eigen-decomposing the covariance is cheaper and steadier than an SVD of the whole sample.
    eigval, eigvec = np.linalg.eigh(x.T @ x)
    top = np.argsort(eigval)[::-1][:dims]
    components = eigvec[:, top]
    reach = np.abs(x @ components).max(axis=0) if x.shape[0] else np.zeros(len(top))
    step = np.where(reach > 0, reach * SKETCH_HEADROOM / SKETCH_MAX_CODE, 1.0)
    return mean.astype(np.float32), np.ascontiguousarray(components, dtype=np.float32), step.astype(np.float32)


def train_codebook(x: np.ndarray, rng: np.random.Generator, size: int = TONE_CODES,
                   iterations: int = 8) -> np.ndarray | None:
    """k-means centroids of the rows of x (None with too few rows)."""
    if x.shape[0] < size * 4:
        return None
    centroids = x[rng.choice(x.shape[0], size, replace=False)].astype(np.float32)
    for _ in range(iterations):
        assign = nearest_centroid(x, centroids)
        sums = np.zeros(centroids.shape, dtype=np.float64)
        np.add.at(sums, assign, x)
        counts = np.bincount(assign, minlength=size)
        filled = counts > 0
        centroids[filled] = (sums[filled] / counts[filled, None]).astype(np.float32)
    return centroids


def nearest_centroid(x: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Index of the nearest centroid (Euclidean) for each row of x."""
    scores = x @ centroids.T - 0.5 * (centroids * centroids).sum(axis=1)
    return np.argmax(scores, axis=1)
