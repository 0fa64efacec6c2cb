"""Small things every form shares."""


class OwnIds:
    """For forms that share a page with others: their fields get ids of their own, so a label ticks
    its own form's field (two forms with a `restricted` box once made an attachment's "only for my
    organisation" label tick the note's box, and the attachment went up unrestricted)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
