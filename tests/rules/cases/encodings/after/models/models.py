class User:
    name = 'café'
