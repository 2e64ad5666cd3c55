import base64
import io
import os

from PIL import Image

from odoo import Command
from odoo.addons.installed_base.tests.common import EnglishCase
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import FieldInterventionCase


def _image_bytes(size=(300, 100), fmt="PNG", mode="RGB", color=255):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt)
    return buffer.getvalue()


def _b64(raw):
    return base64.b64encode(raw).decode()


def _noise_png(size):
    """A PNG that does not compress: about 3 bytes a pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return buffer.getvalue()


class SignatureCase(FieldInterventionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appointment = cls._create_appointment(
            technician_ids=[Command.set((cls.technician | cls.technician_2).ids)],
        )
        cls.appointment.sudo().state = "done"
        cls.signature = _b64(_image_bytes())


@tagged("post_install", "-at_install")
class TestSignatureImage(SignatureCase):
    """A signature is a PNG or JPEG of at most 1 MiB and 4 million pixels, from the bytes."""

    def test_png_and_jpeg_signatures_are_accepted(self):
        technician = self.appointment.with_user(self.technician)
        technician.write({"signature": self.signature, "signed_by": "Jeanne"})
        self.assertTrue(self.appointment.signed_on)
        other = self._create_appointment(signature=_b64(_image_bytes(fmt="JPEG")), signed_by="Jeanne")
        self.assertTrue(other.signature)

    def test_signature_that_is_not_a_png_or_jpeg_is_refused(self):
        for data in (
            _b64(_image_bytes(fmt="GIF")),
            _b64(b"%PDF-1.4 not an image"),
            _b64(b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
            "not base64 at all ! é",
        ):
            with self.assertRaisesRegex(ValidationError, "Signature: .*(not a PNG or JPEG|not valid base64)"):
                self.appointment.with_user(self.technician).write({"signature": data})
        self.assertFalse(self.appointment.signature)
        with self.assertRaisesRegex(ValidationError, "Signature: the image is not a PNG or JPEG image"):
            self._create_appointment(signature=_b64(_image_bytes(fmt="BMP")))

    def test_signature_above_one_mib_or_four_million_pixels_is_refused(self):
        heavy = _noise_png((620, 620))
        self.assertGreater(len(heavy), 1024 * 1024)
        for data in (_b64(heavy), "A" * 2_000_000):
            with self.assertRaisesRegex(ValidationError, "Signature: the image is larger than 1 MiB"):
                self.appointment.with_user(self.technician).write({"signature": data})
        wide = _image_bytes(size=(4001, 1000), mode="1", color=1)
        with self.assertRaisesRegex(ValidationError, "Signature: the image has too many pixels; at most 4"):
            self.appointment.with_user(self.technician).write({"signature": _b64(wide)})
        self.assertFalse(self.appointment.signature)


@tagged("post_install", "-at_install")
class TestPhotoImages(SignatureCase):
    """Photos are PNG or JPEG images of at most 10 MiB and 50 million pixels, from the bytes."""

    def _upload(self, raw, name="flue.jpg", user=None):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.technician)
            .create(
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": "image/jpeg",
                }
            )
        )

    def test_photo_is_checked_from_its_content_not_its_name(self):
        fake = self._upload(b"%PDF-1.4 a quotation, named like a photo")
        with self.assertRaisesRegex(ValidationError, "Photos: flue.jpg is not a PNG or JPEG image"):
            self.appointment.with_user(self.technician).write({"photo_ids": [Command.link(fake.id)]})
        with self.assertRaisesRegex(ValidationError, "Photos: boiler.jpg is not a PNG or JPEG image"):
            self.appointment.with_user(self.technician).write(
                {
                    "photo_ids": [
                        Command.create(
                            {
                                "name": "boiler.jpg",
                                "datas": _b64(_image_bytes(fmt="GIF")),
                            }
                        )
                    ]
                }
            )
        with self.assertRaisesRegex(ValidationError, "Photos: flue.jpg is not a PNG or JPEG image"):
            self._create_appointment(photo_ids=[Command.set(fake.ids)])
        self.assertFalse(self.appointment.photo_ids)
        photo = self._upload(_image_bytes(fmt="JPEG"))
        self.appointment.with_user(self.technician).write({"photo_ids": [Command.link(photo.id)]})
        self.assertEqual(self.appointment.photo_ids, photo)

    def test_photo_above_ten_mib_or_fifty_million_pixels_is_refused(self):
        heavy = self._upload(b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024))
        with self.assertRaisesRegex(ValidationError, "Photos: flue.jpg is 10.0 MiB; at most 10 MiB"):
            self.appointment.with_user(self.technician).write({"photo_ids": [Command.link(heavy.id)]})
        huge = _image_bytes(size=(8000, 6300), mode="1", color=1)
        with self.assertRaisesRegex(ValidationError, "Photos: roof.png has too many pixels; at most 50 mi"):
            self.appointment.with_user(self.technician).write(
                {
                    "photo_ids": [
                        Command.create(
                            {
                                "name": "roof.png",
                                "raw": huge,
                            }
                        )
                    ]
                }
            )
        self.assertFalse(self.appointment.photo_ids)

    def test_photo_file_replaced_later_is_checked_again(self):
        photo = self._upload(_image_bytes(fmt="JPEG"))
        self.appointment.with_user(self.technician).write({"photo_ids": [Command.link(photo.id)]})
        with self.assertRaisesRegex(ValidationError, "Photos: flue.jpg is not a PNG or JPEG image"):
            photo.with_user(self.technician).write(
                {"datas": _b64(b"<svg xmlns='http://www.w3.org/2000/svg'/>")}
            )
        png = _image_bytes(fmt="PNG")
        photo.with_user(self.technician).write({"raw": png})
        self.assertEqual(photo.raw, png)
        unrelated = self._upload(b"plain text")
        unrelated.write({"raw": b"other text"})

    def test_someone_elses_upload_cannot_become_a_photo(self):
        # Files linked to no record are their uploader's: linking one would show it in the report.
        theirs = self._upload(_image_bytes(fmt="JPEG"), user=self.dispatcher)
        with self.assertRaises(AccessError):
            self.appointment.with_user(self.technician).write({"photo_ids": [Command.link(theirs.id)]})
        self.assertFalse(theirs.res_id)
        self.assertFalse(self.appointment.photo_ids)


@tagged("post_install", "-at_install")
class TestSignatureReplacement(SignatureCase):
    """Once given, a signature is replaced or cleared by an intervention manager only, and the
    replaced one stays in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appointment.with_user(cls.technician).write(
            {
                "signature": cls.signature,
                "signed_by": "Jeanne Martin",
            }
        )

    def test_technician_and_dispatcher_cannot_replace_or_clear_the_signature(self):
        new = _b64(_image_bytes(color=0))
        refused = "only an intervention manager can replace or clear its Signature"
        for user in (self.technician, self.technician_2, self.dispatcher):
            for vals in ({"signature": new}, {"signature": False}):
                with self.assertRaisesRegex(UserError, refused):
                    self.appointment.with_user(user).write(vals)
            with self.assertRaisesRegex(UserError, "its Signed By"):
                self.appointment.with_user(user).write({"signed_by": "Someone Else"})
        self.assertEqual(self.appointment.signature.decode(), self.signature)
        self.assertEqual(self.appointment.signed_by, "Jeanne Martin")
        self.appointment.with_user(self.technician).write({"work_summary": "<p>Flue swept</p>"})

    def test_manager_replaces_the_signature_and_the_old_one_stays_in_the_chatter(self):
        signed_on = self.appointment.signed_on
        new = _b64(_image_bytes(color=0))
        self.appointment.with_user(self.manager).write({"signature": new, "signed_by": "Jeanne M."})
        self.assertEqual(self.appointment.signature.decode(), new)
        self.assertGreaterEqual(self.appointment.signed_on, signed_on)
        note = self.appointment.message_ids[0]
        self.assertEqual(note.author_id, self.manager.partner_id)
        self.assertIn("Signature of Jeanne Martin", note.body)
        self.assertIn(f"replaced by {self.manager.name}", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.attachment_ids.raw, base64.b64decode(self.signature))
        self.assertEqual(note.attachment_ids.mimetype, "image/png")

        self.appointment.with_user(self.manager).write({"signature": False})
        self.assertFalse(self.appointment.signature)
        note = self.appointment.message_ids[0]
        self.assertIn("Signature of Jeanne M.", note.body)
        self.assertIn("cleared by", note.body)
        self.assertEqual(note.attachment_ids.raw, base64.b64decode(new))


@tagged("post_install", "-at_install")
class TestPortalSignatureImage(EnglishCase, HttpCase):
    """The portal's Sign button gets the same checks, answered as a message on the page."""

    def test_portal_signature_must_be_a_small_png_or_jpeg(self):
        portal_user = new_test_user(
            self.env,
            "fi_sig_portal",
            groups="base.group_portal",
            password="fi_sig_portal",
        )
        appointment = self.env["intervention.appointment"].create(
            {
                "partner_id": portal_user.partner_id.id,
                "date_start": "2030-03-04 09:00:00",
            }
        )
        appointment.sudo().state = "done"
        self.authenticate("fi_sig_portal", "fi_sig_portal")
        url = f"/my/interventions/{appointment.id}/sign"
        for data, error in (
            (_b64(b"GIF89a not really"), "Signature: the image is not a PNG or JPEG image."),
            (_b64(_noise_png((620, 620))), "Signature: the image is larger than 1 MiB."),
            ("€€€", "Signature: the image data is not valid base64."),
        ):
            result = self.make_jsonrpc_request(url, {"name": "Jeanne", "signature": data})
            self.assertEqual(result, {"error": error})
        self.assertFalse(appointment.signature)
        result = self.make_jsonrpc_request(url, {"name": "Jeanne", "signature": _b64(_image_bytes())})
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(appointment.signed_by, "Jeanne")
