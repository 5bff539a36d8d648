# The suite on the official Odoo 19 image: only the Python requirements are added;
# the addons come from ./addons, mounted at /mnt/extra-addons by docker-compose.yml.
FROM odoo:19
USER root
# Chinese fonts for the PDFs (wkhtmltopdf draws Chinese with them; check with `fc-list :lang=zh`)
# and pdftotext, with which the suite's tests read the printed PDFs back
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk fonts-wqy-zenhei poppler-utils \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/suite-requirements.txt
# The image's Odoo is a Debian package: when pip does not see an `odoo` distribution, declare one
# so that the OCA wheels (which require odoo==19.0.*) resolve against the Odoo that is there.
RUN (pip3 show odoo >/dev/null 2>&1 \
     || (d="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo-19.0.dist-info" \
         && mkdir -p "$d" \
         && printf 'Metadata-Version: 2.1\nName: odoo\nVersion: 19.0\n' > "$d/METADATA" \
         && printf 'pip\n' > "$d/INSTALLER")) \
    && pip3 install --no-cache-dir --break-system-packages -r /tmp/suite-requirements.txt \
    && rm /tmp/suite-requirements.txt
USER odoo
