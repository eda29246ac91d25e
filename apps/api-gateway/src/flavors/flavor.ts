// A flavor: the memory (MB), ephemeral disk (GB) and VCPUs a server gets (spec 2 "Flavors").

export interface Flavor {
  id: number;
  name: string;
  ram: number;
  disk: number;
  vcpus: number;
  swap: number;
  rxtxQuota: number;
  rxtxCap: number;
}
