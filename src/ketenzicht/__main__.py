"""The `ketenzicht` console script: Django's manage.py under the product's name."""
import os
import sys

from django.core.management import execute_from_command_line


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
