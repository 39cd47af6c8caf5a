"""Write side of the catalogue: create and update items, keep the search index current."""
from . import models, helpers
from . import vector_store
from .database import save

DEMO_CATALOG = [
    ("Blue Ceramic Mug", "$12.50",
     "Dishwasher-safe stoneware mug, holds 350 ml of coffee or tea.", ["kitchen", "mugs"]),
    ("Walnut Desk Organizer", "$34.00",
     "Solid walnut tray with slots for pens, cards and a phone.", ["office", "desk"]),
    ("Linen Tea Towel", "$9.99",
     "Soft linen towel for drying dishes and glasses.", ["kitchen", "textiles"]),
    ("Brass Desk Lamp", "$89.00",
     "Adjustable brass lamp with a warm LED bulb for reading.", ["office", "lighting"]),
]


def _index_item(item):
    text = f"{item.name} {item.description} {' '.join(item.tags)}"
    vector_store.index(item.sku, text, {"sku": item.sku, "name": item.name, "price_cents": item.price_cents})


def create_item(name, price, description="", tags=()):
    """Create an item from a display price such as ``"$12.50"``; the SKU is the slug of its name."""
    item = models.Item(
        sku=helpers.slugify(name),
        name=name.strip(),
        price_cents=helpers.parse_price(price) if isinstance(price, str) else int(price),
        description=description,
        tags=helpers.normalize_tags(tags),
    )
    if not item.sku:
        raise ValueError("item name must contain letters or digits")
    save("items", item.sku, item.to_dict())
    _index_item(item)
    return item


def update_price(item, price):
    """Return a copy of ``item`` with a new price, persisted and re-indexed."""
    updated = models.Item.from_dict({**item.to_dict(), "price_cents": helpers.parse_price(price)})
    save("items", updated.sku, updated.to_dict())
    _index_item(updated)
    return updated


def seed_demo_catalog():
    """Create the demo items; returns them in catalogue order."""
    return [create_item(name, price, description, tags) for name, price, description, tags in DEMO_CATALOG]
