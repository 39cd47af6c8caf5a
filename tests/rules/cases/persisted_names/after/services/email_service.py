"""Background e-mail jobs; Celery names each task after this module unless it has an explicit name."""
from celery_app import app, shared_task


@app.task
def send_email(to):
    return f"sent to {to}"


@app.task(bind=True, name="email_service.retry_failed")
def retry_failed(self):
    return 0


@shared_task
def cleanup():
    return "clean"
