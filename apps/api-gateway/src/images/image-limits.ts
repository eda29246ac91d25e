// The gateway's image limits. maxImageMeta is the spec's absolute limit on metadata items per
// image (3.8, 4.4.4: 50); a later quota feature makes it per tenant.

export const MAX_IMAGE_META = 50;
