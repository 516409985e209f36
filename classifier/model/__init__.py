"""Stage 3, model: the Dutch spaCy pipeline (`nlp`), features of a pair (`features`), the
estimators and the model file (`estimators`), training with grouped cross-validation
(`training`) and evaluation on annotated pairs (`evaluate`)."""
