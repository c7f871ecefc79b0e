"""Password validators whose messages are in Chinese (Django 5.2's wording of the minimum
length is not yet in its zh-hans catalogue, so officers would read it in English)."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
