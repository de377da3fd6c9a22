from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from intake.tokens import platform_for_token


class PlatformTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>`; request.user is the platform's service account, request.auth the platform."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header:
            return None
        # The scheme is case-insensitive (RFC 6750); any other scheme ("Token …", a bare token) is a malformed
        # header the integrator must be told about, not a missing one.
        if header[0].lower() != self.keyword.lower() or len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization 头格式应为:Bearer <令牌>"))
        platform = platform_for_token(header[1])
        if platform is None:
            raise exceptions.AuthenticationFailed(_("令牌无效或平台已停用"))
        return platform.user, platform

    def authenticate_header(self, request):
        return self.keyword


class PlatformOfKind(permissions.BasePermission):
    """A token opens only its own platform's endpoint: a 12345 token cannot post 好差评 reviews."""

    message = _("该令牌无权向此接口提交")

    def has_permission(self, request, view):
        platform = request.auth
        return platform is not None and platform.kind == view.platform_kind


class PlatformTokenScheme(OpenApiAuthenticationExtension):
    """Publishes the token scheme in the OpenAPI schema (bearer token in the Authorization header)."""

    target_class = "intake.auth.PlatformTokenAuthentication"
    name = "platformToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "每个平台一个令牌 / one token per platform"}
