"""Stage 2, annotations: the labelled pairs as files (`files`: reading, checking, merging,
Label Studio and Prodigy exchange) and the terminal labelling loop (`annotate`)."""
