from utils import helpers
