"""Engagement pods' own likes and comments: a fixed group that engages with every member's post.

A pod is a group of accounts (the demo's: 6–10 member accounts plus 2–5 outside "ring" handles, see
`samples.comment_samples`) whose rule is that each member likes and comments on every other member's post
soon after it goes up, to push it into feeds. What a pod adds to a post is therefore a number of likes and
comments set by the size of the group and by how many members show up for that post — not by how far the
post travels: a few comments are a large part of a small post's comments and a small part of a big post's.
A member watching a video adds one view, which is nothing next to the post's reach.
"""

import numpy as np

STREAM_POD = 3        # random stream tag of the pod draws, apart from the chunk's so other accounts keep theirs
PARTICIPATION = (0.6, 0.95)   # share of a pod's other accounts that take part in a member's post, per member


def pod_participants(rng: np.random.Generator, pods: list, n_posts: np.ndarray, p_start: np.ndarray,
                     total_posts: int) -> np.ndarray:
    """Per post, how many of the poster's pod-mates like and comment on it (0 outside pods)."""
    taking_part = np.zeros(total_posts, dtype=np.int64)
    for _, members, ring in pods:
        others = len(members) - 1 + len(ring)
        for a in members:
            share = rng.uniform(*PARTICIPATION)   # how reliably this member's pod-mates show up
            start = int(p_start[a])
            taking_part[start:start + int(n_posts[a])] = rng.binomial(others, share, int(n_posts[a]))
    return taking_part
