from utils import cache_helpers
from services import email_service

if __name__ == "__main__":
    print(email_service.send_email("a@example.com"), cache_helpers.save)
