def main():
    return 0

app = object()
