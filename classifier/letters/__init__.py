"""Stage 1, letters: files and saved pages become text (`read`, `html`, within the `bounds`),
text becomes a `Letter` of question–answer pairs (`pairs`) with its `metadata`, and
referrals between answers are found and resolved (`referrals`). Nothing here needs spaCy
or scikit-learn."""
