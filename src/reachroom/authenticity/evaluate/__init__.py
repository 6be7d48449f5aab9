"""Evaluations of the authenticity method; only the CLI and ``python -m`` run them, never a request.

* ``accounts.py`` — ``reachroom authenticity eval-accounts --csv FILE``: the shipped classifier on labelled rows;
* ``demo.py`` — ``reachroom authenticity eval-demo``: flagged accounts against the demo's injected fraud cases;
* ``report.py`` — every number docs/authenticity.md reports (needs scikit-learn and the shared data)::

    PYTHONPATH=src python -m reachroom.authenticity.evaluate report --data-dir ../shared/data/fake-accounts
    PYTHONPATH=src python -m reachroom.authenticity.evaluate train  --data-dir ../shared/data/fake-accounts
    PYTHONPATH=src python -m reachroom.authenticity.evaluate eval-accounts --csv FILE --json
"""
