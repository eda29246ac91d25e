#!/usr/bin/env python3
"""Drives a running gateway with Apache libcloud's OpenStack 1.1 driver, as a real client would:
Keystone v2.0 password auth, the service catalog, then flavors, images and keypairs, and a
server's life: create with a keypair and metadata, wait until RUNNING (ACTIVE), list, reboot,
floating IP, delete.

    apt-get install python3-libcloud   # Debian's package
    python3 scripts/clients/libcloud_smoke.py [http://127.0.0.1:8774] [demo] [demo]
"""
import sys

from libcloud.compute.providers import Provider, get_driver

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8774"
user = sys.argv[2] if len(sys.argv) > 2 else "demo"
password = sys.argv[3] if len(sys.argv) > 3 else user

OpenStack = get_driver(Provider.OPENSTACK)
driver = OpenStack(
    user,
    password,
    ex_force_auth_url=url,
    ex_force_auth_version="2.0_password",
    ex_tenant_name=user,
    ex_force_service_region="az-1.region-a.geo-1",
    ex_force_service_name="Compute",  # HP Cloud named its compute service "Compute"; libcloud defaults to "nova"
    api_version="1.1",
    secure=url.startswith("https"),
)

sizes = driver.list_sizes()
print(f"flavors: {len(sizes)}", ", ".join(f"{s.id}={s.name}({s.ram}MB)" for s in sizes))
images = driver.list_images()
print(f"images: {len(images)}", ", ".join(f"{i.id}={i.name}" for i in images[:3]), "...")
name = "libcloud-smoke"
for existing in driver.list_key_pairs():
    if existing.name == name:
        driver.delete_key_pair(existing)
pair = driver.create_key_pair(name)
print(f"keypair: {pair.name} {pair.fingerprint} private key {'present' if pair.private_key else 'missing'}")
print(f"keypairs: {[k.name for k in driver.list_key_pairs()]}")

node = driver.create_node(name="libcloud-node", size=sizes[0], image=[i for i in images if i.id == "120"][0],
                          ex_keyname=name, ex_metadata={"made_by": "libcloud"})
print(f"node: id {node.id} state {node.state} admin password {'present' if node.extra.get('password') else 'missing'}")
node, addresses = driver.wait_until_running([node], wait_period=1, timeout=120)[0]
print(f"running: {node.name} public {node.public_ips} private {node.private_ips} metadata {node.extra.get('metadata')}")
print(f"nodes: {[n.name for n in driver.list_nodes()]}")
print(f"reboot: {driver.reboot_node(node)}")
ip = driver.ex_create_floating_ip()
print(f"floating ip: {ip.ip_address}")
driver.ex_attach_floating_ip_to_node(node, ip)
driver.ex_detach_floating_ip_from_node(node, ip)
driver.ex_delete_floating_ip(ip)
print(f"destroy: {driver.destroy_node(node)}")
driver.delete_key_pair(pair)
print("ok")
