"""The model: its features, how input is checked, how it is trained, stored and loaded, and
how it predicts. The rest of shared_model, and both apps, build on these modules."""
