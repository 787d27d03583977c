"""The NER-and-pattern stage: a spaCy pipeline that finds mentions and relations."""
