"""allauth adapter: no open signup, and allauth's e-mails go through our queue."""
from allauth.account.adapter import DefaultAccountAdapter

from innbyggerstemmen.core.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from invitations (partners) or the national team (staff).
        return False

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for alternative, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = alternative
        email_queue(to=email, subject=message.subject, body=message.body, html_body=html)
