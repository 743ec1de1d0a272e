"""ReportLab documents, one module per document, on shared fonts and styles. No Qt."""
