"""The demo site: its people, categories and stories, and the seeding of them."""
