"""Gifting: products, shipments with encrypted addresses, fulfilment CSV out and tracking numbers in."""
