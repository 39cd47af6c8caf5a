import helpers

print(helpers.GREETING)
