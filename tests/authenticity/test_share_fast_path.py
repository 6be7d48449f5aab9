"""The follower-sample share estimate works out its likelihood in fewer, larger NumPy calls; each must give
bit for bit what the loops it replaced gave (kept here as the reference), on generated samples and the shipped
model's templates."""

import dataclasses

import numpy as np
import pytest

from reachroom.authenticity import share
from reachroom.authenticity.classifier import load_model
from reachroom.authenticity.share import _CONF_Z, _SHIFT_Z, _THETA_GRID


def reference_terms(f0: np.ndarray, f1: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The shift-pair log-likelihoods as mixture_posterior computed them before: one (j, k) pair at a time."""
    theta = _THETA_GRID[:, None]
    log_z = -0.5 * _SHIFT_Z**2
    terms = np.empty((len(_SHIFT_Z), len(_SHIFT_Z), len(_THETA_GRID)))
    for j in range(len(_SHIFT_Z)):
        for k in range(len(_SHIFT_Z)):
            terms[j, k] = np.log(theta * f1[k] + (1 - theta) * f0[j]) @ count + log_z[j] + log_z[k]
    return terms


def reference_posterior(logit, pattern, templates, prior=share.SHARE_PRIOR) -> np.ndarray:
    """mixture_posterior before the fast path."""
    score, pat, count = share._pooled_scores(np.asarray(logit, dtype=np.float64), np.asarray(pattern), None)
    f0 = share._class_likelihoods(score, pat, templates, 0)
    f1 = share._class_likelihoods(score, pat, templates, 1)
    terms = reference_terms(f0, f1, count)
    lik = np.exp(terms - terms.max()).sum(axis=(0, 1))
    if templates.confusion_sd is None:
        conf = share.TRANSFER_CONFUSION_SD
    else:
        conf = (np.asarray(templates.confusion_sd)[pat] * count[:, None]).sum(axis=0) / count.sum()
    lik = reference_confusion(lik, conf)
    log_prior = share._log_beta_prior(*prior)
    post = lik * np.exp(log_prior - log_prior.max())
    return post / post.sum()


def reference_confusion(lik: np.ndarray, confusion_sd) -> np.ndarray:
    """confusion_marginal before the fast path: one interpolation per pair of confusion nodes."""
    sd0, sd1 = (float(v) for v in np.asarray(confusion_sd, dtype=np.float64))
    if sd0 <= 0 and sd1 <= 0:
        return lik

    def nodes(sd):
        if sd <= 0:
            return np.zeros(1), np.ones(1)
        return np.minimum(_CONF_Z * sd, 0.45), np.exp(-0.5 * _CONF_Z**2)

    (e0, w0), (e1, w1) = nodes(sd0), nodes(sd1)
    theta = _THETA_GRID
    out = np.zeros(len(theta))
    for a, wa in zip(e0, w0, strict=True):
        for b, wb in zip(e1, w1, strict=True):
            out += wa * wb * np.interp(theta * (1 - b) + (1 - theta) * a, _THETA_GRID, lik)
    return out


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_the_posterior_equals_the_reference_on_generated_samples(model):
    """Samples of 1-400 followers, scores spread from certain-genuine to certain-fake (so densities reach the
    1e-300 floor), every column pattern, with and without the model's confusion prior."""
    rng = np.random.default_rng(11)
    templates = model.templates
    no_confusion = dataclasses.replace(templates, confusion_sd=None)
    for i in range(60):
        n = int(rng.integers(1, 400))
        centre = rng.uniform(-12, 12)
        logit = rng.normal(centre, rng.uniform(0.01, 6), n)
        pattern = rng.integers(0, templates.density.shape[0], n) if i % 3 else np.full(n, i % 4)
        for t in (templates, no_confusion):
            want = reference_posterior(logit, pattern, t)
            got = share.mixture_posterior(logit, pattern, t)
            assert np.array_equal(got, want), (i, n)


def test_the_confusion_marginal_equals_the_reference():
    rng = np.random.default_rng(5)
    for sd in [(0.0, 0.0), (0.0, 0.1), (0.2, 0.0), (0.05, 0.3), (0.5, 0.5), (1.0, 0.01)]:
        lik = rng.random(len(_THETA_GRID)) ** 4
        assert np.array_equal(share.confusion_marginal(lik, sd), reference_confusion(lik, sd)), sd


def test_the_terms_equal_the_reference_for_raw_densities():
    """The (j, k) loop against the batched form directly, on densities of any size and scale."""
    rng = np.random.default_rng(3)
    for _ in range(300):
        u = int(rng.integers(1, 130))
        f0 = np.maximum(rng.random((len(_SHIFT_Z), u)) ** rng.uniform(0.5, 40), 1e-300)
        f1 = np.maximum(rng.random((len(_SHIFT_Z), u)) ** rng.uniform(0.5, 40), 1e-300)
        count = rng.integers(1, 40, u).astype(float)
        theta = _THETA_GRID[:, None]
        fake, genuine = theta * f1[:, None, :], (1 - theta) * f0[:, None, :]
        got = np.empty((len(_SHIFT_Z), len(_SHIFT_Z), len(_THETA_GRID)))
        log_z = -0.5 * _SHIFT_Z**2
        for j in range(len(_SHIFT_Z)):
            got[j] = np.log(genuine[j] + fake) @ count + log_z[j] + log_z[:, None]
        assert np.array_equal(got, reference_terms(f0, f1, count))
