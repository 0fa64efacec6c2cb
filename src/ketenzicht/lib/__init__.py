"""The lowest layer: helpers every app may use; imports no app."""
