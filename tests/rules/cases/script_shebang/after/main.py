from utils import helpers

print(helpers.GREETING)
