import { afterEach, describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createSysfsRoot, resolveSysfsPath } from '../../../hil/board/sysfsRoot.js';
import { bytes, isFile, link, makeRoot, mkdirs, removeTrees, writeFiles } from './fakeTrees.js';

afterEach(removeTrees);

describe('createSysfsRoot', () => {
  it('should read an absolute board path from under the root, trimmed', () => {
    // Arrange
    const root = makeRoot();
    writeFiles(root, { '/sys/devices/system/cpu/online': '0-3' });
    // Act
    const text = createSysfsRoot(root).read('/sys/devices/system/cpu/online');
    // Assert
    expect(text).toBe('0-3');
  });

  it('should read null for a missing file instead of throwing', () => {
    expect(createSysfsRoot(makeRoot()).read('/sys/nothing/here')).toBeNull();
  });

  it('should never climb out of the root through ..', () => {
    const root = makeRoot();
    writeFiles(root, { '/etc/hostname': 'inside' });
    const sysfs = createSysfsRoot(`${root}/sys`);
    expect(sysfs.read('/../etc/hostname')).toBeNull();
    expect(sysfs.exists('/../../../../etc')).toBe(false);
  });

  it('should write the value with a newline, like echo, and refuse to create a missing file', () => {
    const root = makeRoot();
    writeFiles(root, { '/sys/a/scaling_governor': 'ondemand' });
    const sysfs = createSysfsRoot(root);
    sysfs.write('/sys/a/scaling_governor', 'userspace');
    expect(bytes(root, '/sys/a/scaling_governor')).toBe('userspace\n');
    expect(() => sysfs.write('/sys/a/scaling_setspeed', '1000')).toThrow(
      /cannot write '1000' to \/sys\/a\/scaling_setspeed \(ENOENT\)/,
    );
    expect(isFile(root, '/sys/a/scaling_setspeed')).toBe(false);
  });

  it('should overwrite a longer value completely', () => {
    const root = makeRoot();
    writeFiles(root, { '/sys/a/max_freq': '921600000' });
    createSysfsRoot(root).write('/sys/a/max_freq', '76800000');
    expect(bytes(root, '/sys/a/max_freq')).toBe('76800000\n');
  });

  it('should list a directory sorted and an absent one as empty', () => {
    const root = makeRoot();
    writeFiles(root, { '/sys/d/b': '1', '/sys/d/a': '2' });
    const sysfs = createSysfsRoot(root);
    expect(sysfs.list('/sys/d')).toEqual(['a', 'b']);
    expect(sysfs.list('/sys/none')).toEqual([]);
  });

  it('should glob * within segments, through symlinks, as sorted board paths', () => {
    const root = makeRoot();
    writeFiles(root, {
      '/sys/devices/i2c-6/6-0040/iio:device0/rail_name_0': 'POM_5V_IN',
      '/sys/devices/i2c-6/6-0041/iio:device1/rail_name_0': 'X',
      '/sys/devices/i2c-6/6-0040/other/rail_name_0': 'Y',
    });
    link(root, '/sys/bus/i2c/drivers/ina3221x/6-0041', '/sys/devices/i2c-6/6-0041');
    link(root, '/sys/bus/i2c/drivers/ina3221x/6-0040', '/sys/devices/i2c-6/6-0040');
    mkdirs(root, '/sys/bus/i2c/drivers/ina3221x/module');
    const found = createSysfsRoot(root).glob('/sys/bus/i2c/drivers/ina3221x/*-00*/iio:device*/rail_name_0');
    expect(found).toEqual([
      '/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0/rail_name_0',
      '/sys/bus/i2c/drivers/ina3221x/6-0041/iio:device1/rail_name_0',
    ]);
  });

  it('should glob a pattern without * to the path when it exists and to nothing otherwise', () => {
    const root = makeRoot();
    writeFiles(root, { '/proc/stat': 'cpu 1 2 3 4' });
    const sysfs = createSysfsRoot(root);
    expect(sysfs.glob('/proc/stat')).toEqual(['/proc/stat']);
    expect(sysfs.glob('/proc/nothing')).toEqual([]);
  });
});

describe('resolveSysfsPath', () => {
  it('should follow relative links the way the kernel writes them, to a board path', () => {
    const root = makeRoot();
    writeFiles(root, { '/sys/devices/57000000.gpu/devfreq/57000000.gpu/cur_freq': '76800000' });
    link(root, '/sys/class/devfreq/57000000.gpu', '/sys/devices/57000000.gpu/devfreq/57000000.gpu');
    link(root, '/sys/devices/57000000.gpu/devfreq/57000000.gpu/device', '/sys/devices/57000000.gpu');
    const sysfs = createSysfsRoot(root);
    expect(resolveSysfsPath(sysfs, '/sys/class/devfreq/57000000.gpu')).toBe(
      '/sys/devices/57000000.gpu/devfreq/57000000.gpu',
    );
    expect(resolveSysfsPath(sysfs, '/sys/class/devfreq/57000000.gpu/device')).toBe('/sys/devices/57000000.gpu');
    expect(resolveSysfsPath(sysfs, '/sys/class/devfreq/57000000.gpu/cur_freq')).toBe(
      '/sys/devices/57000000.gpu/devfreq/57000000.gpu/cur_freq',
    );
  });

  it('should take an absolute link target as a board path under the same root, never the host', () => {
    const root = makeRoot();
    mkdirs(root, '/sys/devices/gpu.0');
    mkdirs(root, '/sys/class/devfreq');
    symlinkSync('/sys/devices/gpu.0', join(root, '/sys/class/devfreq/x'));
    expect(resolveSysfsPath(createSysfsRoot(root), '/sys/class/devfreq/x')).toBe('/sys/devices/gpu.0');
  });

  it('should give null for a missing path and for a loop of links', () => {
    const root = makeRoot();
    mkdirs(root, '/sys/a');
    symlinkSync('b', join(root, '/sys/a/c'));
    symlinkSync('c', join(root, '/sys/a/b'));
    const sysfs = createSysfsRoot(root);
    expect(resolveSysfsPath(sysfs, '/sys/nothing')).toBeNull();
    expect(resolveSysfsPath(sysfs, '/sys/a/c')).toBeNull();
    expect(resolveSysfsPath(sysfs, '/sys/a')).toBe('/sys/a');
  });
});
