NAME = "ada"
