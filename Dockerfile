# Odoo 18.0 with the onboarding training addons and a ready-made demo database.
#
#   docker compose up --build        then open http://localhost:8069 (admin / admin)
#   docker compose run --rm odoo scripts/test     the tests
#
# The official image (Ubuntu noble, Odoo from the .deb under the system Python)
# already ships wkhtmltopdf, the PostgreSQL client and /entrypoint.sh.
# The addons themselves are not copied in: docker-compose.yml mounts this
# repository read-only at /mnt/extra-addons, the image's addons path.
FROM odoo:18.0

USER root

# Python packages the addons need beside Odoo (OCA payroll, test helpers).
# Installed as root so pip sees the .deb Odoo and writes to /usr/local.
COPY requirements.txt /tmp/requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Wrapper around the official entrypoint: creates the demo database on the
# first start, then serves it.
COPY docker/entrypoint.sh /usr/local/bin/onboarding-entrypoint.sh
RUN chmod 0755 /usr/local/bin/onboarding-entrypoint.sh

# No browser in this image: scripts/test skips the browser tours and counts them.
ENV TEST_BROWSER=optional

USER odoo

ENTRYPOINT ["/usr/local/bin/onboarding-entrypoint.sh"]
CMD []
