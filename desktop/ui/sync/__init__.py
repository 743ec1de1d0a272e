"""数据同步: the peers this node trusts, exporting and importing bundles, and the conflicts they left."""

TOPIC = "sync"  # DataEvents topic: peers, bundles or conflicts changed
