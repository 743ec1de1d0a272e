"""社区基金台账: community funds, their journal, disbursements, receipts and reconciliation."""
