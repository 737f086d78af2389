"""Response and request bodies of the API, one module per area, with examples."""
