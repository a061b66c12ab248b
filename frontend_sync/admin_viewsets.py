"""Admin screens (registered in wagtail_hooks.py): webhook endpoints, and the delivery log
with a resend action. Deliveries are written by the app, never typed in: the log has no add
or edit views."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import ListingButton

from .delivery import resend
from .models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Endpoints"
    form_fields = ["name", "url", "secret", "is_active"]
    list_display = ["name", "url", "is_active"]
    copy_view_enabled = False


class DeliveryIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if self.user_has_permission("change"):
            buttons.insert(
                0,
                ListingButton(
                    "Resend",
                    url=reverse("webhook_deliveries:resend", args=[instance.pk]),
                    icon_name="repeat",
                    priority=5,
                ),
            )
        return buttons


class ResendView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks to confirm; POST queues the delivery again for the worker."""

    model = WebhookDelivery
    permission_required = "change"
    template_name = "frontend_sync/resend_confirm.html"
    page_title = "Resend webhook"
    header_icon = "repeat"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["delivery"] = self.delivery
        context["resend_url"] = reverse("webhook_deliveries:resend", args=[self.delivery.pk])
        context["index_url"] = reverse("webhook_deliveries:index")
        return context

    def dispatch(self, request, pk):
        self.delivery = get_object_or_404(WebhookDelivery, pk=pk)
        return super().dispatch(request)

    def post(self, request):
        resend(self.delivery)
        messages.success(request, f"Delivery #{self.delivery.pk} will be sent again.")
        return redirect("webhook_deliveries:index")


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = "Delivery log"
    url_namespace = "webhook_deliveries"
    index_view_class = DeliveryIndexView
    list_display = [
        "__str__",  # the title column: "#12 page.published → https://…", with the buttons
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "next_attempt_at",
    ]
    list_filter = ["status", "event"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # no add or edit views (get_urlpatterns); a ModelViewSet needs the attribute

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, **kwargs)

    def get_urlpatterns(self):
        keep = [p for p in super().get_urlpatterns() if p.name not in ("add", "edit")]
        return [*keep, path("resend/<int:pk>/", ResendView.as_view(), name="resend")]


class WebhooksViewSetGroup(ModelViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    add_to_settings_menu = True
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet)
