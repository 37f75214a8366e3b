from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Email sign-in; a suspended or locked account keeps no session."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user.is_suspended and not user.is_locked
