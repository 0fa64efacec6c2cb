"""A page with several forms gives each field an id of its own: a label ticks its own form's field.
(The attachment's "only for my organisation" label once ticked the note's box, and the attachment
went up unrestricted.)"""
import re

from ..helpers import report_as, verified


def test_every_id_on_the_signal_page_is_unique_and_each_label_finds_its_own_field(world, client):
    signal, _code = report_as("liaison.zwolle")
    page = verified(client, "liaison.zwolle").get(f"/signalen/{signal.pk}").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    attachment_form = page[page.index('enctype="multipart/form-data"'):]
    attachment_form = attachment_form[:attachment_form.index("</form>")]
    restricted = re.search(r'<input type="checkbox" name="restricted" id="([^"]+)"', attachment_form).group(1)
    assert f'for="{restricted}"' in attachment_form and restricted.startswith("id_attachment_")
