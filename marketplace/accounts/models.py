from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models


class Role(models.TextChoices):
    BUYER = "buyer", "Buyer"
    SUPPLIER = "supplier", "Supplier"
    ADMIN = "admin", "Platform admin"


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, suspended_at__isnull=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("name", email)
        user = self.model(email=self.normalize_email(email).lower(), role=Role.ADMIN, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a buyer (of one organisation), a supplier user (of one supplier) or an admin."""

    MAX_FAILED_SIGN_INS = 5

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=Role.choices)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="users")
    supplier = models.ForeignKey("suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="users")
    is_organisation_admin = models.BooleanField(default=False, help_text="A buyer who may invite colleagues.")
    is_active = models.BooleanField(default=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    failed_sign_ins = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    password_changed_at = models.DateTimeField(null=True, blank=True)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                name="buyer_has_organisation",
                condition=~models.Q(role="buyer") | models.Q(organisation__isnull=False),
            ),
            models.CheckConstraint(
                name="supplier_user_has_supplier",
                condition=~models.Q(role="supplier") | models.Q(supplier__isnull=False),
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def is_staff(self):
        return self.role == Role.ADMIN

    @property
    def is_superuser(self):
        return self.role == Role.ADMIN

    @property
    def is_buyer(self):
        return self.role == Role.BUYER

    @property
    def is_supplier(self):
        return self.role == Role.SUPPLIER

    @property
    def is_platform_admin(self):
        return self.role == Role.ADMIN

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def is_suspended(self):
        return self.suspended_at is not None


class EmailLink(models.Model):
    """A one-time link sent by email. Only its hash is stored."""

    class Purpose(models.TextChoices):
        SIGN_UP = "sign-up", "Create an account"
        RESET_PASSWORD = "reset-password", "Reset password"
        INVITATION = "invitation", "Join as a colleague"

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    supplier = models.ForeignKey("suppliers.Supplier", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    details = models.JSONField(default=dict, blank=True, help_text="What was entered before the email was verified.")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} for {self.email}"


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.prefix}… for {self.user}"
