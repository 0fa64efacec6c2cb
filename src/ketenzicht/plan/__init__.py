"""Plan van aanpak (issue 19)."""
