"""Reference data and demo data for the 走流程 app: loaders and builders used by the
`load_reference_data` and `seed_demo` management commands. The data itself lives in campaigns/data/."""
